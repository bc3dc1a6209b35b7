DROP INDEX IF EXISTS quality.quarantined_records_source_idx;
ALTER TABLE quality.quarantined_records
  DROP COLUMN IF EXISTS last_replayed_at,
  DROP COLUMN IF EXISTS replay_count,
  DROP COLUMN IF EXISTS released_contract_version,
  DROP COLUMN IF EXISTS released_contract_id,
  DROP COLUMN IF EXISTS released_at,
  DROP COLUMN IF EXISTS envelope;
