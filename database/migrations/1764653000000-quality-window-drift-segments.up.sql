-- quality: distribution drift against a reference, filters and group-by segments of window checks.
-- A window row is now one per run, contract version, check, window and segment: segment '' is the
-- check's overall window; a group-by check adds one row per value of its column (the value as JSON,
-- '"DHL"'), at most the check's limit per window, the other records counted in the overall row's
-- segment_overflow_rows. records_seen counts every record of the run in the window, filtered out or
-- not (rows_judged counts those the check measured): a run or count window closes when it reaches the
-- window's size; a segment's row closes with its overall row.
ALTER TABLE quality.window_results
  ADD COLUMN segment text NOT NULL DEFAULT '' CHECK (length(segment) <= 1024),
  ADD COLUMN records_seen bigint NOT NULL DEFAULT 0 CHECK (records_seen >= 0),
  ADD COLUMN segment_overflow_rows bigint NOT NULL DEFAULT 0 CHECK (segment_overflow_rows >= 0),
  -- {filter?, groupBy?, distribution?: {type, method, reference}}: what the check counts and compares.
  ADD COLUMN scope jsonb,
  -- Categorical distribution checks: {"values": {value: count}, "other": n}, at most 256 values.
  ADD COLUMN categories jsonb,
  -- distribution_difference windows once closed: {method, evaluated, value, reference: {kind, windows, used: [{runId, windowStart}], rows}, reason?}.
  ADD COLUMN drift jsonb;
UPDATE quality.window_results SET records_seen = rows_judged;
ALTER TABLE quality.window_results DROP CONSTRAINT window_results_pkey;
ALTER TABLE quality.window_results ADD PRIMARY KEY (run_id, contract_id, contract_version, check_id, window_start, segment);

-- A drift check's reference: the latest closed windows with values of the same source, check and segment.
CREATE INDEX window_results_reference_idx ON quality.window_results (source_id, check_id, segment, max_ingested_ms DESC)
  WHERE closed_at IS NOT NULL AND value_count > 0;

-- Two category states add their counts per value; beyond value_limit values the least frequent
-- (ties: the greater value in byte order) fold into "other" (category-counts.ts does the same).
CREATE FUNCTION quality.merge_categories(left_counts jsonb, right_counts jsonb, value_limit integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH counts AS (
    SELECT key AS value, sum(count) AS count FROM (
      SELECT key, value::float8 AS count FROM jsonb_each_text(coalesce(left_counts->'values', '{}'::jsonb))
      UNION ALL
      SELECT key, value::float8 FROM jsonb_each_text(coalesce(right_counts->'values', '{}'::jsonb))) both_sides
    GROUP BY key
  ), ranked AS (SELECT value, count, row_number() OVER (ORDER BY count DESC, value COLLATE "C") AS rank FROM counts)
  SELECT CASE WHEN left_counts IS NULL THEN right_counts WHEN right_counts IS NULL THEN left_counts ELSE jsonb_build_object(
    'values', coalesce((SELECT jsonb_object_agg(value, count) FROM ranked WHERE rank <= value_limit), '{}'::jsonb),
    'other', coalesce((left_counts->>'other')::float8, 0) + coalesce((right_counts->>'other')::float8, 0)
             + coalesce((SELECT sum(count) FROM ranked WHERE rank > value_limit), 0)) END
$$;

-- The check result over a run: its segments' closed windows by outcome (its outcome is the worst of
-- its overall and segment windows), the records no segment got, and the latest drift evaluation.
ALTER TABLE quality.check_results
  ADD COLUMN segment_windows_evaluated bigint NOT NULL DEFAULT 0 CHECK (segment_windows_evaluated >= 0),
  ADD COLUMN segment_windows_warned bigint NOT NULL DEFAULT 0 CHECK (segment_windows_warned >= 0),
  ADD COLUMN segment_windows_failed bigint NOT NULL DEFAULT 0 CHECK (segment_windows_failed >= 0),
  ADD COLUMN segment_overflow_rows bigint NOT NULL DEFAULT 0 CHECK (segment_overflow_rows >= 0),
  ADD COLUMN last_drift jsonb;
