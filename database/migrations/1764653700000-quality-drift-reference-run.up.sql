-- quality: a drift check's reference can be a pinned run, every closed window of which (of the same
-- source, check and segment) merges into one state. The merges are the aggregates of the pairwise
-- merges (both return the other side when one is NULL, so the first row starts the state): a run of
-- any number of windows reaches the service as one sketch of at most 2 × 2048 bins or one category
-- state of at most 256 values (value_limit).
CREATE AGGREGATE quality.merged_sketch(jsonb) (SFUNC = quality.merge_sketch, STYPE = jsonb);
CREATE AGGREGATE quality.merged_categories(jsonb, integer) (SFUNC = quality.merge_categories, STYPE = jsonb);
