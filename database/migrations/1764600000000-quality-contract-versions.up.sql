-- quality: versioned data contracts (ODCS v3.1) and the version that governs each source.

-- Contract versions never change once written: a change is a new version.
CREATE FUNCTION quality.forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows of %.% are immutable', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END;
$$;

CREATE TABLE quality.contract_versions (
  contract_id       text NOT NULL CHECK (contract_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
  version           text NOT NULL CHECK (version ~ '^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$'),
  -- The ODCS document as validated (JSON); its checksum tells a re-submission from a conflicting one.
  document          jsonb NOT NULL,
  document_checksum char(64) NOT NULL,
  -- `file:<name>` for contracts loaded from QUALITY_CONTRACTS_DIR, `api` otherwise.
  origin            text NOT NULL CHECK (length(origin) <= 300),
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, version)
);
CREATE TRIGGER contract_versions_immutable BEFORE UPDATE OR DELETE ON quality.contract_versions
  FOR EACH ROW EXECUTE FUNCTION quality.forbid_change();

-- The contract version that checks each source's records; one contract per source at a time.
CREATE TABLE quality.active_contracts (
  source_id    text PRIMARY KEY CHECK (source_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  contract_id  text NOT NULL,
  version      text NOT NULL,
  -- `file` at start-up, else the fingerprint of the API key that activated it (never the key).
  activated_by text NOT NULL CHECK (length(activated_by) <= 100),
  activated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (contract_id, version) REFERENCES quality.contract_versions (contract_id, version)
);
CREATE INDEX active_contracts_contract_idx ON quality.active_contracts (contract_id);

-- Checks a quarantined record could not be judged by (e.g. values protected by pii-detection).
ALTER TABLE quality.quarantined_records ADD COLUMN not_evaluated jsonb NOT NULL DEFAULT '[]'::jsonb;
