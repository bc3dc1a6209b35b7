-- Where each record was read in its source (file and line, topic/partition/offset); null for REST pushes.
ALTER TABLE connector.explore_records ADD COLUMN source_location text;
-- A run's checkpoint counts once the records before it are stored: counted by run and index range.
CREATE INDEX explore_records_run_position_idx ON connector.explore_records (run_id, position_index);

-- Sources the connector reads (pull sources: files, tables). Config holds no secrets in clear.
CREATE TABLE connector.sources (
  source_id  text PRIMARY KEY CHECK (source_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  type       text NOT NULL,
  config     jsonb NOT NULL,
  schedule   text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sources_created_idx ON connector.sources (created_at, source_id);

-- One read of a source. The checkpoint is the source state up to which every record is stored in
-- Explore: a resumed or next run starts from it.
CREATE TABLE connector.runs (
  run_id                uuid PRIMARY KEY,
  source_id             text NOT NULL REFERENCES connector.sources (source_id),
  state                 text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  records_read          bigint NOT NULL DEFAULT 0 CHECK (records_read >= 0),
  records_published     bigint NOT NULL DEFAULT 0 CHECK (records_published >= 0),
  records_dead_lettered bigint NOT NULL DEFAULT 0 CHECK (records_dead_lettered >= 0),
  checkpoint            jsonb,
  error                 text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  started_at            timestamptz,
  ended_at              timestamptz
);
CREATE INDEX runs_source_idx ON connector.runs (source_id, created_at DESC);
-- Overlapping runs of one source are refused: at most one queued or running run per source.
CREATE UNIQUE INDEX runs_one_active_per_source ON connector.runs (source_id) WHERE state IN ('queued', 'running');
