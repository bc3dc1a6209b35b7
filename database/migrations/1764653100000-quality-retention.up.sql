-- quality: retention of the quality tables (QUALITY_RESULTS_RETENTION_DAYS, QUALITY_QUARANTINE_RETENTION_DAYS).
-- One row per periodic job: a replica runs it only after claiming the row (next_run_at passed), so
-- of several replicas one runs it per interval. report keeps the last run that deleted rows.
CREATE TABLE quality.retention_runs (
  job                 text PRIMARY KEY,
  next_run_at         timestamptz NOT NULL,
  holder              text NOT NULL,
  started_at          timestamptz NOT NULL,
  finished_at         timestamptz,
  report              jsonb,
  -- Quarantined records deleted while still awaiting replay, over all runs of the job.
  unreplayed_deleted  bigint NOT NULL DEFAULT 0 CHECK (unreplayed_deleted >= 0)
);

-- Each batch of the job finds its oldest rows by these indexes: linear in what it deletes.
CREATE INDEX judged_records_judged_at_idx ON quality.judged_records (judged_at);
CREATE INDEX run_results_last_judged_at_idx ON quality.run_results (last_judged_at);
CREATE INDEX check_results_last_evaluated_at_idx ON quality.check_results (last_evaluated_at);
CREATE INDEX window_results_last_evaluated_at_idx ON quality.window_results (last_evaluated_at);
CREATE INDEX quarantined_records_released_at_idx ON quality.quarantined_records (released_at) WHERE released_at IS NOT NULL;
CREATE INDEX quarantined_records_awaiting_idx ON quality.quarantined_records (quarantined_at) WHERE released_at IS NULL;
CREATE INDEX alerts_finished_fired_at_idx ON quality.alerts (fired_at) WHERE delivered_at IS NOT NULL OR abandoned_at IS NOT NULL;
