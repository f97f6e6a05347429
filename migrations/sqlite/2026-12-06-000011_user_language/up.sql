-- The language a person reads the registry's mail in (and the console, once chosen there):
-- en, ru or zh. Existing accounts get English, as their mail was until now.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru', 'zh'));
