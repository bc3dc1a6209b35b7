DROP INDEX IF EXISTS quality.alerts_finished_fired_at_idx;
DROP INDEX IF EXISTS quality.quarantined_records_awaiting_idx;
DROP INDEX IF EXISTS quality.quarantined_records_released_at_idx;
DROP INDEX IF EXISTS quality.window_results_last_evaluated_at_idx;
DROP INDEX IF EXISTS quality.check_results_last_evaluated_at_idx;
DROP INDEX IF EXISTS quality.run_results_last_judged_at_idx;
DROP INDEX IF EXISTS quality.judged_records_judged_at_idx;
DROP TABLE IF EXISTS quality.retention_runs;
