-- quality: retention of the duplicate checks' keys (QUALITY_DUPLICATE_KEYS_RETENTION_DAYS). A key
-- first seen longer ago than the retention is forgotten: the next record with it is a first one
-- again. The retention job finds the oldest keys by this index, in batches (linear in what it deletes).
CREATE INDEX duplicate_keys_first_seen_at_idx ON quality.duplicate_keys (first_seen_at);
