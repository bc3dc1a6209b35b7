-- Typed Navigate tables: one per dataset (source) in schema navigate_typed, created and evolved by
-- the connector from the contract version carried on each Chart record; the registry says each
-- table's columns and business key, the conflicts table which records did not fit and why.
CREATE SCHEMA IF NOT EXISTS navigate_typed;

CREATE TABLE connector.navigate_datasets (
  dataset_id text PRIMARY KEY,
  primary_key text[] NOT NULL,
  columns jsonb NOT NULL,
  contract_id text NOT NULL,
  contract_version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE connector.navigate_conflicts (
  record_id uuid PRIMARY KEY,
  dataset_id text NOT NULL,
  run_id uuid NOT NULL,
  position_index integer NOT NULL,
  contract_id text NOT NULL,
  contract_version text NOT NULL,
  reason text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX navigate_conflicts_dataset ON connector.navigate_conflicts (dataset_id, recorded_at DESC);
