DROP TABLE search_terms_rules;
DROP TABLE search_terms;
