-- PII findings as reported by pii-detection, one row per finding: types, fields and offsets, never values.
CREATE TABLE gateway.pii_findings (
  record_id      uuid NOT NULL,
  field          text NOT NULL,
  entity_type    text NOT NULL,
  start_offset   integer NOT NULL,
  end_offset     integer NOT NULL,
  source_id      text NOT NULL,
  run_id         uuid NOT NULL,
  score          real NOT NULL,
  operator       text NOT NULL,
  policy_id      text NOT NULL,
  policy_version integer NOT NULL,
  detected_at    timestamptz NOT NULL,
  PRIMARY KEY (record_id, field, entity_type, start_offset)
);
CREATE INDEX pii_findings_source_idx ON gateway.pii_findings (source_id, field, entity_type);
CREATE INDEX pii_findings_run_idx ON gateway.pii_findings (run_id);
