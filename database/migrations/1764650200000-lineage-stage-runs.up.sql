-- Lineage: each pipeline stage reports one OpenLineage run per ingestion run (START, RUNNING with
-- counts, COMPLETE or FAIL). Its progress is kept here, in the stage's own schema, so that a
-- restarted stage neither counts a record twice nor forgets what it counted.

-- One row per (stage job, ingestion run); ended rows are deleted after 7 days, stalled ones after 30.
CREATE TABLE connector.lineage_stage_runs (
  job_name          text NOT NULL CHECK (length(job_name) <= 200),
  run_id            uuid NOT NULL,
  source_id         text NOT NULL,
  -- Distinct records of the run the stage handled, and how many it passed on, kept back or failed.
  handled           bigint NOT NULL DEFAULT 0 CHECK (handled >= 0),
  passed            bigint NOT NULL DEFAULT 0 CHECK (passed >= 0),
  quarantined       bigint NOT NULL DEFAULT 0 CHECK (quarantined >= 0),
  failed            bigint NOT NULL DEFAULT 0 CHECK (failed >= 0),
  -- How many records of the run are on the stage's input topic (atlas.run-record-counts.v1); null until known.
  expected          bigint CHECK (expected >= 0),
  -- Per top-level field, whether any record had it masked: the column lineage of the run.
  masked_fields     jsonb NOT NULL DEFAULT '{}',
  first_error       text CHECK (length(first_error) <= 1000),
  state             text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'complete', 'failed')),
  started_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_name, run_id)
);
CREATE INDEX lineage_stage_runs_updated_idx ON connector.lineage_stage_runs (updated_at);

-- The records (by position in their run) a stage counted for a run still in progress: a record
-- delivered again (a redelivered batch, a duplicate an upstream stage published before a crash) is
-- counted once. Deleted when the run ends, so it holds only the runs in flight.
CREATE TABLE connector.lineage_stage_records (
  job_name       text NOT NULL,
  run_id         uuid NOT NULL,
  position_index integer NOT NULL,
  counted_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_name, run_id, position_index)
);
CREATE INDEX lineage_stage_records_counted_idx ON connector.lineage_stage_records (counted_at);

-- One row per (stage job, ingestion run); ended rows are deleted after 7 days, stalled ones after 30.
CREATE TABLE pii_detection.lineage_stage_runs (
  job_name          text NOT NULL CHECK (length(job_name) <= 200),
  run_id            uuid NOT NULL,
  source_id         text NOT NULL,
  -- Distinct records of the run the stage handled, and how many it passed on, kept back or failed.
  handled           bigint NOT NULL DEFAULT 0 CHECK (handled >= 0),
  passed            bigint NOT NULL DEFAULT 0 CHECK (passed >= 0),
  quarantined       bigint NOT NULL DEFAULT 0 CHECK (quarantined >= 0),
  failed            bigint NOT NULL DEFAULT 0 CHECK (failed >= 0),
  -- How many records of the run are on the stage's input topic (atlas.run-record-counts.v1); null until known.
  expected          bigint CHECK (expected >= 0),
  -- Per top-level field, whether any record had it masked: the column lineage of the run.
  masked_fields     jsonb NOT NULL DEFAULT '{}',
  first_error       text CHECK (length(first_error) <= 1000),
  state             text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'complete', 'failed')),
  started_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_name, run_id)
);
CREATE INDEX lineage_stage_runs_updated_idx ON pii_detection.lineage_stage_runs (updated_at);

-- The records (by position in their run) a stage counted for a run still in progress: a record
-- delivered again (a redelivered batch, a duplicate an upstream stage published before a crash) is
-- counted once. Deleted when the run ends, so it holds only the runs in flight.
CREATE TABLE pii_detection.lineage_stage_records (
  job_name       text NOT NULL,
  run_id         uuid NOT NULL,
  position_index integer NOT NULL,
  counted_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_name, run_id, position_index)
);
CREATE INDEX lineage_stage_records_counted_idx ON pii_detection.lineage_stage_records (counted_at);

-- One row per (stage job, ingestion run); ended rows are deleted after 7 days, stalled ones after 30.
CREATE TABLE quality.lineage_stage_runs (
  job_name          text NOT NULL CHECK (length(job_name) <= 200),
  run_id            uuid NOT NULL,
  source_id         text NOT NULL,
  -- Distinct records of the run the stage handled, and how many it passed on, kept back or failed.
  handled           bigint NOT NULL DEFAULT 0 CHECK (handled >= 0),
  passed            bigint NOT NULL DEFAULT 0 CHECK (passed >= 0),
  quarantined       bigint NOT NULL DEFAULT 0 CHECK (quarantined >= 0),
  failed            bigint NOT NULL DEFAULT 0 CHECK (failed >= 0),
  -- How many records of the run are on the stage's input topic (atlas.run-record-counts.v1); null until known.
  expected          bigint CHECK (expected >= 0),
  -- Per top-level field, whether any record had it masked: the column lineage of the run.
  masked_fields     jsonb NOT NULL DEFAULT '{}',
  first_error       text CHECK (length(first_error) <= 1000),
  state             text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'complete', 'failed')),
  started_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_name, run_id)
);
CREATE INDEX lineage_stage_runs_updated_idx ON quality.lineage_stage_runs (updated_at);

-- The records (by position in their run) a stage counted for a run still in progress: a record
-- delivered again (a redelivered batch, a duplicate an upstream stage published before a crash) is
-- counted once. Deleted when the run ends, so it holds only the runs in flight.
CREATE TABLE quality.lineage_stage_records (
  job_name       text NOT NULL,
  run_id         uuid NOT NULL,
  position_index integer NOT NULL,
  counted_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_name, run_id, position_index)
);
CREATE INDEX lineage_stage_records_counted_idx ON quality.lineage_stage_records (counted_at);
