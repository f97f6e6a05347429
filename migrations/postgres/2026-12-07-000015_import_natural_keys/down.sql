DROP INDEX outputs_by_title;
DROP INDEX labs_by_name;
DROP INDEX institutions_by_name;
