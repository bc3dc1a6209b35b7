ALTER TABLE quality.check_results DROP COLUMN IF EXISTS windows_evaluated, DROP COLUMN IF EXISTS windows_warned, DROP COLUMN IF EXISTS windows_failed,
  DROP COLUMN IF EXISTS closed_rows_judged, DROP COLUMN IF EXISTS closed_rows_not_evaluated, DROP COLUMN IF EXISTS closed_missing_count,
  DROP COLUMN IF EXISTS closed_invalid_count, DROP COLUMN IF EXISTS closed_value_count, DROP COLUMN IF EXISTS closed_value_sum,
  DROP COLUMN IF EXISTS closed_value_min, DROP COLUMN IF EXISTS closed_value_max, DROP COLUMN IF EXISTS closed_max_ingested_ms;
DROP TABLE IF EXISTS quality.window_results;
