ALTER TABLE quality.check_results DROP COLUMN IF EXISTS closed_value_m2, DROP COLUMN IF EXISTS closed_sketch;
ALTER TABLE quality.window_results DROP COLUMN IF EXISTS value_m2, DROP COLUMN IF EXISTS sketch, DROP COLUMN IF EXISTS quantile;
DROP FUNCTION IF EXISTS quality.merge_sketch(jsonb, jsonb);
DROP FUNCTION IF EXISTS quality.merge_sketch_bins(jsonb, jsonb, integer);
-- The reference schema holds operators' lookup tables: it is left in place.
