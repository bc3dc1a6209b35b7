-- The check result of an aggregate check over a run counts its closed windows by outcome (its
-- outcome is the worst window's) and keeps the merged state of its closed windows: sums, counts and
-- extremes add up in any order, so the run's measured value (the metric over every closed window,
-- the whole run once all are closed) does not depend on which window closed last. It replaces the
-- last closed window's value, which did.
ALTER TABLE quality.check_results
  DROP COLUMN IF EXISTS measured_value,
  ADD COLUMN closed_rows_judged bigint NOT NULL DEFAULT 0 CHECK (closed_rows_judged >= 0),
  ADD COLUMN closed_rows_not_evaluated bigint NOT NULL DEFAULT 0 CHECK (closed_rows_not_evaluated >= 0),
  ADD COLUMN closed_missing_count bigint NOT NULL DEFAULT 0 CHECK (closed_missing_count >= 0),
  ADD COLUMN closed_invalid_count bigint NOT NULL DEFAULT 0 CHECK (closed_invalid_count >= 0),
  ADD COLUMN closed_value_count bigint NOT NULL DEFAULT 0 CHECK (closed_value_count >= 0),
  ADD COLUMN closed_value_sum double precision NOT NULL DEFAULT 0,
  ADD COLUMN closed_value_min double precision,
  ADD COLUMN closed_value_max double precision,
  ADD COLUMN closed_max_ingested_ms bigint;
