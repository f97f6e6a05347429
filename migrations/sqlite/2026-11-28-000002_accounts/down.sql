DROP TABLE history;
DROP TABLE outbox;
DROP TABLE login_failures;
DROP TABLE partner_tokens;
DROP TABLE one_time_tokens;
DROP TABLE refresh_tokens;
DROP TABLE refresh_families;
DROP TABLE users;
