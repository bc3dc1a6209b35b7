-- quality: aggregate checks over windows of the stream (SodaCL row_count, missing/invalid counts and
-- percentages, min, max, avg, freshness). One row per run, contract version, check and window holds
-- the window's running state (sums and extremes: O(1) per window and check, added batch by batch in
-- the transaction that claims the batch's records, so a redelivered record adds nothing and the state
-- survives restarts). A window is closed once: its outcome and measured value are then fixed.
CREATE TABLE quality.window_results (
  run_id                    uuid NOT NULL,
  source_id                 text NOT NULL,
  contract_id               text NOT NULL,
  contract_version          text NOT NULL,
  check_id                  text NOT NULL CHECK (length(check_id) <= 1024),
  metric                    text NOT NULL,
  -- {fail?: threshold, warn?: threshold}: what must hold for the window to pass at each level.
  thresholds                jsonb NOT NULL,
  window_kind               text NOT NULL CHECK (window_kind IN ('run', 'count', 'time')),
  -- run: 0 and the run's size (-1 unknown); count: first and next position index; time: epoch ms.
  window_start              bigint NOT NULL,
  window_end                bigint NOT NULL,
  rows_judged               bigint NOT NULL DEFAULT 0 CHECK (rows_judged >= 0),
  rows_not_evaluated        bigint NOT NULL DEFAULT 0 CHECK (rows_not_evaluated >= 0),
  missing_count             bigint NOT NULL DEFAULT 0 CHECK (missing_count >= 0),
  invalid_count             bigint NOT NULL DEFAULT 0 CHECK (invalid_count >= 0),
  value_count               bigint NOT NULL DEFAULT 0 CHECK (value_count >= 0),
  value_sum                 double precision NOT NULL DEFAULT 0,
  value_min                 double precision,
  value_max                 double precision,
  max_ingested_ms           bigint,
  sample_failing_record_ids uuid[] NOT NULL DEFAULT '{}',
  outcome                   text CHECK (outcome IN ('pass', 'warn', 'fail', 'not_evaluated')),
  measured_value            double precision,
  closed_at                 timestamptz,
  first_evaluated_at        timestamptz NOT NULL DEFAULT now(),
  last_evaluated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, contract_id, contract_version, check_id, window_start)
);
CREATE INDEX window_results_open_idx ON quality.window_results (run_id, contract_id, contract_version) WHERE closed_at IS NULL;

-- The check result of an aggregate check over a run counts its closed windows by outcome; the
-- measured value is the last closed window's.
ALTER TABLE quality.check_results
  ADD COLUMN windows_evaluated bigint NOT NULL DEFAULT 0 CHECK (windows_evaluated >= 0),
  ADD COLUMN windows_warned bigint NOT NULL DEFAULT 0 CHECK (windows_warned >= 0),
  ADD COLUMN windows_failed bigint NOT NULL DEFAULT 0 CHECK (windows_failed >= 0),
  ADD COLUMN measured_value double precision;
