DROP TABLE feed_entries;
