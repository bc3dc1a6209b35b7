DROP TABLE IF EXISTS quality.held_replays;
DROP INDEX IF EXISTS quality.quarantined_records_held_idx;
