-- Back to one unpartitioned table keyed by record_id (rows copied; the id table goes).
CREATE TABLE connector.explore_records_flat (
  record_id      uuid PRIMARY KEY,
  source_id      text NOT NULL,
  run_id         uuid NOT NULL,
  position_index integer NOT NULL CONSTRAINT explore_records_position_index_check CHECK (position_index >= 0),
  checksum       char(64) NOT NULL,
  payload        jsonb NOT NULL,
  ingested_at    timestamptz NOT NULL,
  explored_at    timestamptz NOT NULL DEFAULT now(),
  source_location text
);
INSERT INTO connector.explore_records_flat (record_id, source_id, run_id, position_index, checksum, payload, ingested_at, explored_at, source_location)
  SELECT DISTINCT ON (record_id) record_id, source_id, run_id, position_index, checksum, payload, ingested_at, explored_at, source_location
    FROM connector.explore_records ORDER BY record_id, explored_at;
DROP TABLE connector.explore_records;
DROP TABLE connector.explore_record_ids;
ALTER TABLE connector.explore_records_flat RENAME TO explore_records;
ALTER TABLE connector.explore_records RENAME CONSTRAINT explore_records_flat_pkey TO explore_records_pkey;
CREATE INDEX explore_records_run_idx ON connector.explore_records (run_id);
CREATE INDEX explore_records_run_position_idx ON connector.explore_records (run_id, position_index);
