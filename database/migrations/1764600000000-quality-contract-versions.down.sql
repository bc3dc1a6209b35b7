ALTER TABLE quality.quarantined_records DROP COLUMN IF EXISTS not_evaluated;
DROP TABLE IF EXISTS quality.active_contracts;
DROP TABLE IF EXISTS quality.contract_versions;
DROP FUNCTION IF EXISTS quality.forbid_change();
