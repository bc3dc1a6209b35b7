-- One schema per service: a service reads and writes only its own.
CREATE SCHEMA IF NOT EXISTS gateway;
CREATE SCHEMA IF NOT EXISTS connector;
CREATE SCHEMA IF NOT EXISTS pii_detection;
CREATE SCHEMA IF NOT EXISTS quality;
CREATE SCHEMA IF NOT EXISTS lineage;

-- Runs accepted by the REST push endpoint. An idempotency key makes a retried push the same run.
CREATE TABLE gateway.ingestion_runs (
  run_id          uuid PRIMARY KEY,
  source_id       text NOT NULL,
  record_count    integer NOT NULL CHECK (record_count >= 0),
  rejected_count  integer NOT NULL DEFAULT 0 CHECK (rejected_count >= 0),
  idempotency_key text,
  trace_id        text,
  accepted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingestion_runs_source_idx ON gateway.ingestion_runs (source_id, accepted_at DESC);

-- Explore layer: raw records exactly as received, with their checksum. Holds raw personal data.
CREATE TABLE connector.explore_records (
  record_id      uuid PRIMARY KEY,
  source_id      text NOT NULL,
  run_id         uuid NOT NULL,
  position_index integer NOT NULL CHECK (position_index >= 0),
  checksum       char(64) NOT NULL,
  payload        jsonb NOT NULL,
  ingested_at    timestamptz NOT NULL,
  explored_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX explore_records_run_idx ON connector.explore_records (run_id);

-- Navigate layer: protected, contract-valid records ready for business use.
CREATE TABLE connector.navigate_records (
  record_id        uuid PRIMARY KEY,
  source_id        text NOT NULL,
  run_id           uuid NOT NULL,
  position_index   integer NOT NULL CHECK (position_index >= 0),
  payload          jsonb NOT NULL,
  policy_id        text NOT NULL,
  policy_version   integer NOT NULL,
  contract_id      text NOT NULL,
  contract_version text NOT NULL,
  trace_id         text,
  written_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX navigate_records_source_idx ON connector.navigate_records (source_id);
CREATE INDEX navigate_records_run_idx ON connector.navigate_records (run_id);

-- Records that broke their data contract, with every reason; payloads are already protected.
CREATE TABLE quality.quarantined_records (
  record_id        uuid PRIMARY KEY,
  source_id        text NOT NULL,
  run_id           uuid NOT NULL,
  position_index   integer NOT NULL CHECK (position_index >= 0),
  contract_id      text NOT NULL,
  contract_version text NOT NULL,
  reasons          jsonb NOT NULL,
  payload          jsonb NOT NULL,
  quarantined_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quarantined_records_run_idx ON quality.quarantined_records (run_id);

-- OpenLineage RunEvents as received, keyed so a redelivered event is stored once.
CREATE TABLE lineage.run_events (
  event_id      uuid PRIMARY KEY,
  run_id        uuid NOT NULL,
  parent_run_id uuid,
  job_namespace text NOT NULL,
  job_name      text NOT NULL,
  event_type    text NOT NULL,
  event_time    timestamptz NOT NULL,
  event         jsonb NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_events_run_idx ON lineage.run_events (run_id);
CREATE INDEX run_events_parent_idx ON lineage.run_events (parent_run_id);
CREATE INDEX run_events_job_idx ON lineage.run_events (job_namespace, job_name, event_time DESC);
