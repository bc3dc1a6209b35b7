-- quality: anomaly detection per group-by segment. Each segment of an anomaly check is its own
-- series (source, check, segment; '' is the check's overall series): its history is read newest
-- first, by this index, each time one of its windows closes. (window_results_series_idx still
-- orders a check's points for GET /api/v1/quality/anomalies.)
CREATE INDEX window_results_segment_series_idx ON quality.window_results (source_id, check_id, segment, max_ingested_ms DESC)
  WHERE closed_at IS NOT NULL AND measured_value IS NOT NULL;
