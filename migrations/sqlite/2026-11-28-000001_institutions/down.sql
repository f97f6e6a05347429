DROP TABLE institutions;
