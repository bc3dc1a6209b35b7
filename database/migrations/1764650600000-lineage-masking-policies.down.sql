ALTER TABLE connector.lineage_stage_runs DROP COLUMN IF EXISTS masking_policies;
ALTER TABLE pii_detection.lineage_stage_runs DROP COLUMN IF EXISTS masking_policies;
ALTER TABLE quality.lineage_stage_runs DROP COLUMN IF EXISTS masking_policies;
