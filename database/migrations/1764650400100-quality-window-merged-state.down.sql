ALTER TABLE quality.check_results
  DROP COLUMN IF EXISTS closed_rows_judged, DROP COLUMN IF EXISTS closed_rows_not_evaluated, DROP COLUMN IF EXISTS closed_missing_count,
  DROP COLUMN IF EXISTS closed_invalid_count, DROP COLUMN IF EXISTS closed_value_count, DROP COLUMN IF EXISTS closed_value_sum,
  DROP COLUMN IF EXISTS closed_value_min, DROP COLUMN IF EXISTS closed_value_max, DROP COLUMN IF EXISTS closed_max_ingested_ms,
  ADD COLUMN IF NOT EXISTS measured_value double precision;
