ALTER TABLE quality.check_results
  DROP COLUMN IF EXISTS last_drift,
  DROP COLUMN IF EXISTS segment_overflow_rows,
  DROP COLUMN IF EXISTS segment_windows_failed,
  DROP COLUMN IF EXISTS segment_windows_warned,
  DROP COLUMN IF EXISTS segment_windows_evaluated;
DROP FUNCTION IF EXISTS quality.merge_categories(jsonb, jsonb, integer);
DROP INDEX IF EXISTS quality.window_results_reference_idx;
DELETE FROM quality.window_results WHERE segment <> '';
ALTER TABLE quality.window_results DROP CONSTRAINT window_results_pkey;
ALTER TABLE quality.window_results ADD PRIMARY KEY (run_id, contract_id, contract_version, check_id, window_start);
ALTER TABLE quality.window_results
  DROP COLUMN IF EXISTS drift,
  DROP COLUMN IF EXISTS categories,
  DROP COLUMN IF EXISTS scope,
  DROP COLUMN IF EXISTS segment_overflow_rows,
  DROP COLUMN IF EXISTS records_seen,
  DROP COLUMN IF EXISTS segment;
