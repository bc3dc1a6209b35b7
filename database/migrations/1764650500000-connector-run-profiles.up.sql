-- The profile of each run (issue 7, Explore layer), updated in the transaction that lands a batch in
-- connector.explore_records and counting only the records that transaction inserted: a replayed batch
-- inserts nothing and so adds nothing. Holds no raw personal value (see docs/architecture.md).
CREATE TABLE connector.run_profiles (
  run_id              uuid PRIMARY KEY,
  source_id           text NOT NULL,
  records             bigint NOT NULL,
  -- A field was left out: a run profiles at most 200 top-level fields.
  field_limit_reached boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_profiles_source_idx ON connector.run_profiles (source_id, created_at DESC);

-- One row per run and top-level field: counts, types, ranges and top values as jsonb, and the
-- HyperLogLog registers (16,384 bytes) of its distinct estimate.
CREATE TABLE connector.run_profile_fields (
  run_id             uuid NOT NULL REFERENCES connector.run_profiles (run_id) ON DELETE CASCADE,
  field_name         text NOT NULL,
  statistics         jsonb NOT NULL,
  distinct_registers bytea NOT NULL,
  PRIMARY KEY (run_id, field_name)
);
