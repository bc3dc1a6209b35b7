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
INSERT INTO gateway.pii_findings
SELECT r.record_id, f.field, f."entityType", f.start, f."end", r.source_id, r.run_id, f.score, f.operator, r.policy_id, r.policy_version, r.detected_at
  FROM gateway.pii_finding_records r,
       jsonb_to_recordset(r.findings) AS f(field text, "entityType" text, start integer, "end" integer, score real, operator text)
ON CONFLICT DO NOTHING;
DROP TABLE gateway.pii_finding_counts;
DROP TABLE gateway.pii_finding_records;
