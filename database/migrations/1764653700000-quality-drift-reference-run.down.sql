DROP AGGREGATE IF EXISTS quality.merged_categories(jsonb, integer);
DROP AGGREGATE IF EXISTS quality.merged_sketch(jsonb);
