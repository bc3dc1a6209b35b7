-- quality: anomaly detection on each metric's history (SodaCL "anomaly detection for <metric>", the
-- ODCS Atlas rule anomalyDetection). A closed window of an anomaly check keeps its evaluation:
-- {evaluated, anomalous, value, expected, lower, upper, score, historyPoints, seasonalPoints,
-- reason?, at, windowStart}; its check result over the run keeps the latest one (by window start).
ALTER TABLE quality.window_results ADD COLUMN anomaly jsonb;
ALTER TABLE quality.check_results ADD COLUMN last_anomaly jsonb;

-- A series' history is read newest first (the newest 500 points) each time one of its windows
-- closes, and served the same way by GET /api/v1/quality/anomalies.
CREATE INDEX window_results_series_idx ON quality.window_results (source_id, check_id, max_ingested_ms DESC)
  WHERE closed_at IS NOT NULL AND measured_value IS NOT NULL;
