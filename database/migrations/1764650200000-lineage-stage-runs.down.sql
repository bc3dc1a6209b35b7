DROP TABLE IF EXISTS connector.lineage_stage_records;
DROP TABLE IF EXISTS connector.lineage_stage_runs;
DROP TABLE IF EXISTS pii_detection.lineage_stage_records;
DROP TABLE IF EXISTS pii_detection.lineage_stage_runs;
DROP TABLE IF EXISTS quality.lineage_stage_records;
DROP TABLE IF EXISTS quality.lineage_stage_runs;
