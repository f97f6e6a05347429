DROP TABLE finding_reviews;
