-- quality: what replaying a quarantined record needs, and what replays did.

-- The protected envelope without its payload (position, ingestedAt, checksum, protection): a record
-- released by a replay is published to Chart exactly as the stream would have. Rows quarantined
-- before this column existed have none and cannot be replayed.
ALTER TABLE quality.quarantined_records
  ADD COLUMN envelope jsonb,
  -- Set once, when a replay found the record valid and published it to Chart, with the contract
  -- version that released it; the row keeps the reasons that quarantined it, as the audit.
  ADD COLUMN released_at timestamptz,
  ADD COLUMN released_contract_id text,
  ADD COLUMN released_contract_version text,
  ADD COLUMN replay_count integer NOT NULL DEFAULT 0 CHECK (replay_count >= 0),
  ADD COLUMN last_replayed_at timestamptz;

-- Listing by source in quarantine order (keyset pagination on quarantined_at, record_id).
CREATE INDEX quarantined_records_source_idx ON quality.quarantined_records (source_id, quarantined_at, record_id);
