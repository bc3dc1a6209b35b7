ALTER TABLE gateway.ingestion_runs DROP COLUMN IF EXISTS claim_token, DROP COLUMN IF EXISTS claimed_at, DROP COLUMN IF EXISTS state;
