DROP TABLE IF EXISTS connector.navigate_conflicts;
DROP TABLE IF EXISTS connector.navigate_datasets;
DROP SCHEMA IF EXISTS navigate_typed CASCADE;
