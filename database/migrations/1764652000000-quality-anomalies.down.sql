DROP INDEX IF EXISTS quality.window_results_series_idx;
ALTER TABLE quality.check_results DROP COLUMN IF EXISTS last_anomaly;
ALTER TABLE quality.window_results DROP COLUMN IF EXISTS anomaly;
