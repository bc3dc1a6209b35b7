-- The lineage graph, normalised at ingest beside the raw event log. Ids are UUIDv5 of the entity's
-- kind, namespace and name (computed by the service), so names are never indexed whole and a
-- redelivered event writes the same rows.

-- DatasetEvents and JobEvents have no run; a RunEvent's eventType is optional in OpenLineage 2-0-2.
ALTER TABLE lineage.run_events
  ALTER COLUMN run_id DROP NOT NULL,
  ALTER COLUMN job_namespace DROP NOT NULL,
  ALTER COLUMN job_name DROP NOT NULL,
  ALTER COLUMN event_type DROP NOT NULL,
  ADD COLUMN event_kind text NOT NULL DEFAULT 'RunEvent' CHECK (event_kind IN ('RunEvent', 'DatasetEvent', 'JobEvent'));

CREATE TABLE lineage.namespaces (
  namespace_id  uuid PRIMARY KEY,
  name          text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL
);

CREATE TABLE lineage.datasets (
  dataset_id         uuid PRIMARY KEY,
  namespace_id       uuid NOT NULL,
  namespace          text NOT NULL,
  name               text NOT NULL,
  -- The version of the newest schema facet seen (by event time).
  current_version_id uuid,
  current_version_at timestamptz,
  first_seen_at      timestamptz NOT NULL,
  last_seen_at       timestamptz NOT NULL
);
CREATE INDEX datasets_namespace_idx ON lineage.datasets (namespace_id);

-- One row per distinct schema (list of fields) of a dataset: a new schema facet makes a new version.
CREATE TABLE lineage.dataset_versions (
  version_id uuid PRIMARY KEY,
  dataset_id uuid NOT NULL,
  fields     jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  run_id     uuid
);
CREATE INDEX dataset_versions_dataset_idx ON lineage.dataset_versions (dataset_id, created_at DESC);

CREATE TABLE lineage.jobs (
  job_id        uuid PRIMARY KEY,
  namespace_id  uuid NOT NULL,
  namespace     text NOT NULL,
  name          text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL
);
CREATE INDEX jobs_namespace_idx ON lineage.jobs (namespace_id);

-- state_rank orders states: NEW (-1) < RUNNING (0) < a terminal state (1); the higher (rank, time) wins,
-- so events applied in any order, or twice, leave the same state.
CREATE TABLE lineage.runs (
  run_id        uuid PRIMARY KEY,
  job_id        uuid NOT NULL,
  parent_run_id uuid,
  state         text NOT NULL CHECK (state IN ('NEW', 'RUNNING', 'COMPLETED', 'FAILED', 'ABORTED')),
  state_rank    smallint NOT NULL,
  state_at      timestamptz NOT NULL,
  started_at    timestamptz,
  ended_at      timestamptz,
  created_at    timestamptz NOT NULL
);
CREATE INDEX runs_job_idx ON lineage.runs (job_id, created_at DESC);

CREATE TABLE lineage.run_datasets (
  run_id             uuid NOT NULL,
  direction          text NOT NULL CHECK (direction IN ('INPUT', 'OUTPUT')),
  dataset_id         uuid NOT NULL,
  dataset_version_id uuid,
  PRIMARY KEY (run_id, direction, dataset_id)
);

-- The graph: input dataset → job and job → output dataset, whichever run or job event declared them.
CREATE TABLE lineage.edges (
  source_id     uuid NOT NULL,
  target_id     uuid NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  last_run_id   uuid,
  PRIMARY KEY (source_id, target_id)
);
CREATE INDEX edges_target_idx ON lineage.edges (target_id, source_id);

-- Column lineage (columnLineage facet): output field ← input field, with the transformations and
-- whether any of them masks the data. Field names are bounded for the index (boundedIndexText).
CREATE TABLE lineage.column_edges (
  output_dataset_id uuid NOT NULL,
  output_field      text NOT NULL,
  input_dataset_id  uuid NOT NULL,
  input_field       text NOT NULL,
  transformations   jsonb NOT NULL,
  masking           boolean NOT NULL,
  job_id            uuid,
  last_run_id       uuid,
  first_seen_at     timestamptz NOT NULL,
  last_seen_at      timestamptz NOT NULL,
  PRIMARY KEY (output_dataset_id, output_field, input_dataset_id, input_field)
);
CREATE INDEX column_edges_input_idx ON lineage.column_edges (input_dataset_id, input_field);
