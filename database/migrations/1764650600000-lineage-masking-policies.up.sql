-- Lineage: the policy versions that masked each column of a stage run, so that the column lineage
-- (and the PII propagation answer) says which policy version masked each column.
-- Per top-level field: [{"policyId": "...", "policyVersion": n}, ...], bounded by the stage (20 per field).
ALTER TABLE connector.lineage_stage_runs ADD COLUMN masking_policies jsonb NOT NULL DEFAULT '{}';
ALTER TABLE pii_detection.lineage_stage_runs ADD COLUMN masking_policies jsonb NOT NULL DEFAULT '{}';
ALTER TABLE quality.lineage_stage_runs ADD COLUMN masking_policies jsonb NOT NULL DEFAULT '{}';
