-- External producers' ingestion runs: per source and partition of atlas.raw.records.v1, a run is a
-- range of offsets holding the records of a time window (CONNECTOR_RAW_RUN_WINDOW_MS). A record
-- delivered again falls in the run it was first given, at the same position; a run's record count
-- is announced once it is closed (its window passed, by a later record or by the sweep).
CREATE TABLE connector.raw_record_runs (
  source_id       text NOT NULL,
  topic_partition integer NOT NULL CHECK (topic_partition >= 0),
  first_offset    bigint NOT NULL CHECK (first_offset >= 0),
  last_offset     bigint NOT NULL,
  run_id          uuid NOT NULL UNIQUE,
  record_count    integer NOT NULL CHECK (record_count > 0),
  opened_at       timestamptz NOT NULL,
  closed_at       timestamptz,
  announced_at    timestamptz,
  PRIMARY KEY (source_id, topic_partition, first_offset),
  CHECK (last_offset >= first_offset)
);
-- The sweep's look-ups: open runs past their window, closed runs not announced, announced runs past retention.
CREATE INDEX raw_record_runs_open_idx ON connector.raw_record_runs (opened_at) WHERE closed_at IS NULL;
CREATE INDEX raw_record_runs_unannounced_idx ON connector.raw_record_runs (closed_at) WHERE closed_at IS NOT NULL AND announced_at IS NULL;
CREATE INDEX raw_record_runs_announced_idx ON connector.raw_record_runs (announced_at);
