-- connector: the Explore layer becomes range-partitioned by explored_at (one partition per UTC day),
-- so a source's retention can drop whole partitions instead of deleting rows one by one.
--
-- A partitioned table's unique constraints must include the partition key, so record_id alone can
-- no longer be unique in it. Idempotent inserts (a redelivered record adds nothing) therefore rely on
-- connector.explore_record_ids: one row per stored record id (not partitioned), inserted first in
-- the same transaction with ON CONFLICT DO NOTHING; only the ids it inserted are written to
-- explore_records, with the same explored_at (both DEFAULT now(), one transaction).
--
-- The existing table is kept as it is and attached as the partition of everything before the end of
-- its last day (`explore_records_before_<yyyymmdd>`): no row is copied. An empty one is dropped.
-- Day partitions `explore_records_p<yyyymmdd>` (UTC) are created from there up to three days
-- ahead; the connector keeps creating them ahead of time (explore/retention/).
ALTER TABLE connector.explore_records RENAME TO explore_records_unpartitioned;
ALTER TABLE connector.explore_records_unpartitioned RENAME CONSTRAINT explore_records_pkey TO explore_records_unpartitioned_pkey;
ALTER INDEX connector.explore_records_run_position_idx RENAME TO explore_records_unpartitioned_run_position_idx;
-- (run_id) is a prefix of (run_id, position_index): the second index serves both.
DROP INDEX connector.explore_records_run_idx;

CREATE TABLE connector.explore_records (
  record_id       uuid NOT NULL,
  source_id       text NOT NULL,
  run_id          uuid NOT NULL,
  position_index  integer NOT NULL CONSTRAINT explore_records_position_index_check CHECK (position_index >= 0),
  checksum        char(64) NOT NULL,
  payload         jsonb NOT NULL,
  ingested_at     timestamptz NOT NULL,
  explored_at     timestamptz NOT NULL DEFAULT now(),
  source_location text,
  PRIMARY KEY (record_id, explored_at)
) PARTITION BY RANGE (explored_at);
CREATE INDEX explore_records_run_position_idx ON connector.explore_records (run_id, position_index);
-- Per-source retention deletes, and the distinct sources of a partition (a loose index scan).
CREATE INDEX explore_records_source_explored_idx ON connector.explore_records (source_id, explored_at);

CREATE TABLE connector.explore_record_ids (
  record_id   uuid PRIMARY KEY,
  explored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX explore_record_ids_explored_idx ON connector.explore_record_ids (explored_at);

DO $$
DECLARE
  last_explored timestamptz;
  first_day date := (now() AT TIME ZONE 'UTC')::date;
  day date;
BEGIN
  SELECT max(explored_at) INTO last_explored FROM connector.explore_records_unpartitioned;
  IF last_explored IS NULL THEN
    DROP TABLE connector.explore_records_unpartitioned;
  ELSE
    first_day := greatest(first_day, (last_explored AT TIME ZONE 'UTC')::date + 1);
    -- Its own key on record_id alone is superseded by explore_record_ids (and the partitioned key).
    ALTER TABLE connector.explore_records_unpartitioned DROP CONSTRAINT explore_records_unpartitioned_pkey;
    EXECUTE format('ALTER TABLE connector.explore_records_unpartitioned RENAME TO %I', 'explore_records_before_' || to_char(first_day, 'YYYYMMDD'));
    EXECUTE format('ALTER TABLE connector.explore_records ATTACH PARTITION connector.%I FOR VALUES FROM (MINVALUE) TO (%L)',
      'explore_records_before_' || to_char(first_day, 'YYYYMMDD'), first_day::timestamp AT TIME ZONE 'UTC');
    EXECUTE format('INSERT INTO connector.explore_record_ids (record_id, explored_at) SELECT record_id, explored_at FROM connector.%I',
      'explore_records_before_' || to_char(first_day, 'YYYYMMDD'));
  END IF;
  FOR day IN SELECT generate_series(first_day, (now() AT TIME ZONE 'UTC')::date + 3, interval '1 day')::date LOOP
    EXECUTE format('CREATE TABLE connector.%I PARTITION OF connector.explore_records FOR VALUES FROM (%L) TO (%L)',
      'explore_records_p' || to_char(day, 'YYYYMMDD'), day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
  END LOOP;
END $$;
