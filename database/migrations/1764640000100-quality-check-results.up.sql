-- quality: the result of every check per ingestion run, kept as history.

-- Records already counted into the results, so a redelivered record (at-least-once delivery) is
-- counted once; written in the same transaction as the counts.
CREATE TABLE quality.judged_records (
  record_id uuid PRIMARY KEY,
  run_id    uuid NOT NULL,
  judged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX judged_records_run_idx ON quality.judged_records (run_id);

-- Per run and contract version: how many records it judged and quarantined.
CREATE TABLE quality.run_results (
  run_id              uuid NOT NULL,
  source_id           text NOT NULL,
  contract_id         text NOT NULL,
  contract_version    text NOT NULL,
  -- position.total of the run's records, when the source knew it.
  expected_records    integer CHECK (expected_records >= 0),
  records_judged      bigint NOT NULL CHECK (records_judged >= 0),
  records_quarantined bigint NOT NULL CHECK (records_quarantined >= 0),
  first_judged_at     timestamptz NOT NULL DEFAULT now(),
  last_judged_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, contract_id, contract_version)
);
CREATE INDEX run_results_source_idx ON quality.run_results (source_id, last_judged_at);

-- Per run, contract version and check: rows tested (judged, not "not evaluated"), failed and not
-- evaluated, and up to 10 failing record ids. The outcome, measured value and thresholds follow
-- from these counts and the check's level (see docs/architecture.md).
CREATE TABLE quality.check_results (
  run_id                    uuid NOT NULL,
  source_id                 text NOT NULL,
  contract_id               text NOT NULL,
  contract_version          text NOT NULL,
  check_id                  text NOT NULL CHECK (length(check_id) <= 1024),
  check_name                text NOT NULL,
  check_type                text NOT NULL,
  field                     text NOT NULL,
  level                     text NOT NULL CHECK (level IN ('fail', 'warn')),
  dimension                 text NOT NULL,
  rows_tested               bigint NOT NULL CHECK (rows_tested >= 0),
  rows_failed               bigint NOT NULL CHECK (rows_failed >= 0),
  rows_not_evaluated        bigint NOT NULL CHECK (rows_not_evaluated >= 0),
  sample_failing_record_ids uuid[] NOT NULL DEFAULT '{}',
  first_evaluated_at        timestamptz NOT NULL DEFAULT now(),
  last_evaluated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, contract_id, contract_version, check_id)
);
CREATE INDEX check_results_source_check_idx ON quality.check_results (source_id, check_id, last_evaluated_at);

-- Run checks (row_count, duplicates) store their ODCS threshold and unit; per-record checks have
-- none (their threshold is zero failing rows).
ALTER TABLE quality.check_results ADD COLUMN threshold jsonb, ADD COLUMN unit text NOT NULL DEFAULT 'rows' CHECK (unit IN ('rows', 'percent'));

-- The state of the duplicate checks, per source and check: each key (sha256 of the key columns'
-- values, 128 bits) with the first record that had it. A later record with the same key is a
-- duplicate, across runs and restarts; a redelivered record finds its own id and is not one. Memory
-- stays bounded: the service holds one batch of keys at a time.
CREATE TABLE quality.duplicate_keys (
  source_id       text NOT NULL,
  check_id        text NOT NULL CHECK (length(check_id) <= 1024),
  key_hash        char(32) NOT NULL,
  first_record_id uuid NOT NULL,
  first_seen_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, check_id, key_hash)
);
