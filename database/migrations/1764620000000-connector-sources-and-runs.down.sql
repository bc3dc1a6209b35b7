DROP TABLE IF EXISTS connector.runs;
DROP TABLE IF EXISTS connector.sources;
DROP INDEX IF EXISTS connector.explore_records_run_position_idx;
ALTER TABLE connector.explore_records DROP COLUMN IF EXISTS source_location;
