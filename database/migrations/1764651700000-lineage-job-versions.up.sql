-- Job versions (as in Marquez): what a job reads, writes and runs (code, SQL, type), one row per distinct
-- definition, created by the first run that did the job that way; the job points at its newest.
ALTER TABLE lineage.jobs ADD COLUMN current_version_id uuid, ADD COLUMN current_version_at timestamptz;
CREATE TABLE lineage.job_versions (
  version_id uuid PRIMARY KEY,
  job_id     uuid NOT NULL,
  inputs     jsonb NOT NULL,
  outputs    jsonb NOT NULL,
  facets     jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  run_id     uuid
);
CREATE INDEX job_versions_job_idx ON lineage.job_versions (job_id, created_at DESC);
