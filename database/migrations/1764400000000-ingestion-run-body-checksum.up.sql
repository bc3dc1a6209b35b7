-- The checksum of a push's whole body, so an Idempotency-Key reused for a different body is refused.
ALTER TABLE gateway.ingestion_runs ADD COLUMN body_checksum char(64);
