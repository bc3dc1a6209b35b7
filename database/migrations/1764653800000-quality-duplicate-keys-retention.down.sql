DROP INDEX IF EXISTS quality.duplicate_keys_first_seen_at_idx;
