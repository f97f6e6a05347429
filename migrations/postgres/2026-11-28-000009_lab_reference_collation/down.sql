ALTER TABLE labs ALTER COLUMN head_user_id TYPE TEXT COLLATE "default";
ALTER TABLE labs ALTER COLUMN centre_id TYPE TEXT COLLATE "default";
ALTER TABLE labs ALTER COLUMN institution_id TYPE TEXT COLLATE "default";
ALTER TABLE mirror_links ALTER COLUMN lab_b_id TYPE TEXT COLLATE "default";
ALTER TABLE mirror_links ALTER COLUMN lab_a_id TYPE TEXT COLLATE "default";
ALTER TABLE lab_status_entries ALTER COLUMN lab_id TYPE TEXT COLLATE "default";
