ALTER TABLE gateway.ingestion_runs DROP COLUMN IF EXISTS body_checksum;
