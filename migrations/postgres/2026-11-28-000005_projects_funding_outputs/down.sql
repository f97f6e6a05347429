DROP TABLE output_funding;
DROP TABLE output_projects;
DROP TABLE outputs;
DROP TABLE funding_records;
DROP TABLE project_participants;
DROP TABLE project_subjects;
DROP TABLE project_labs;
DROP TABLE projects;
