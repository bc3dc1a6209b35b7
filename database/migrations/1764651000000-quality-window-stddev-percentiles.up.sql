-- quality: stddev/variance and percentiles over windows and runs, from mergeable states.
-- value_m2 is the sum of squared deviations from the mean (Chan et al.): two states merge with
-- M2 = M2a + M2b + (mean_b - mean_a)^2 * n_a * n_b / (n_a + n_b), means from value_sum / value_count.
-- sketch is a DDSketch (relative accuracy 1%) as its bins, {"zero": n, "positive": {key: n}, "negative": {key: n}}:
-- two sketches merge by adding counts per key, the lowest keys folding into (highest - 2047) beyond
-- 2048 bins per sign (DDSketch's collapsing-lowest store). Both merges are commutative and
-- associative, so a window's or a run's value does not depend on batch or closing order.
CREATE FUNCTION quality.merge_sketch_bins(left_bins jsonb, right_bins jsonb, bin_limit integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH bins AS (
    SELECT key::integer AS key, value::float8 AS count FROM jsonb_each_text(coalesce(left_bins, '{}'::jsonb))
    UNION ALL
    SELECT key::integer, value::float8 FROM jsonb_each_text(coalesce(right_bins, '{}'::jsonb))
  ), bounds AS (SELECT max(key) - bin_limit + 1 AS lowest_kept FROM bins)
  SELECT coalesce(jsonb_object_agg(folded.key, folded.count), '{}'::jsonb)
    FROM (SELECT greatest(bins.key, bounds.lowest_kept) AS key, sum(bins.count) AS count FROM bins CROSS JOIN bounds GROUP BY 1) folded
$$;

CREATE FUNCTION quality.merge_sketch(left_sketch jsonb, right_sketch jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN left_sketch IS NULL THEN right_sketch WHEN right_sketch IS NULL THEN left_sketch ELSE jsonb_build_object(
    'zero', (left_sketch->>'zero')::float8 + (right_sketch->>'zero')::float8,
    'positive', quality.merge_sketch_bins(left_sketch->'positive', right_sketch->'positive', 2048),
    'negative', quality.merge_sketch_bins(left_sketch->'negative', right_sketch->'negative', 2048)) END
$$;

ALTER TABLE quality.window_results
  ADD COLUMN value_m2 double precision NOT NULL DEFAULT 0,
  ADD COLUMN sketch jsonb,
  -- percentile checks: the quantile (0 to 1) the metric reads from the sketch.
  ADD COLUMN quantile double precision CHECK (quantile >= 0 AND quantile <= 1);

ALTER TABLE quality.check_results
  ADD COLUMN closed_value_m2 double precision NOT NULL DEFAULT 0,
  ADD COLUMN closed_sketch jsonb;

-- Schema for lookup tables of reference checks (QUALITY_REFERENCE_SCHEMAS lists the schemas they may read).
CREATE SCHEMA IF NOT EXISTS reference;
