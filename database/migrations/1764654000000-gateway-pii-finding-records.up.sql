-- gateway: findings stored one row per record (the record's findings as a jsonb array: fields, types,
-- offsets, scores, operators; never values) and counted per source, field, entity type and run.
-- One row per finding (about ten per record) under a random-uuid primary key made PostgreSQL's cost
-- per record grow with the table, and the report counted every finding on each request (22 s for a
-- source of ten million findings). The report now reads the counts, which grow with runs, not records.
CREATE TABLE gateway.pii_finding_records (
  record_id      uuid PRIMARY KEY,
  source_id      text NOT NULL,
  run_id         uuid NOT NULL,
  policy_id      text NOT NULL,
  policy_version integer NOT NULL,
  detected_at    timestamptz NOT NULL,
  findings       jsonb NOT NULL
);

CREATE TABLE gateway.pii_finding_counts (
  source_id        text NOT NULL,
  field            text NOT NULL,
  entity_type      text NOT NULL,
  run_id           uuid NOT NULL,
  findings         bigint NOT NULL,
  records          bigint NOT NULL,
  last_detected_at timestamptz NOT NULL,
  PRIMARY KEY (source_id, field, entity_type, run_id)
);
CREATE INDEX pii_finding_counts_run_idx ON gateway.pii_finding_counts (run_id);

-- Existing findings move over: each record once (under the run of its earliest finding), then counted.
INSERT INTO gateway.pii_finding_records (record_id, source_id, run_id, policy_id, policy_version, detected_at, findings)
SELECT first.record_id, first.source_id, first.run_id, first.policy_id, first.policy_version, first.detected_at,
       (SELECT jsonb_agg(jsonb_build_object('field', f.field, 'entityType', f.entity_type, 'start', f.start_offset, 'end', f.end_offset,
                                            'score', f.score, 'operator', f.operator) ORDER BY f.field, f.start_offset, f.entity_type)
          FROM gateway.pii_findings f WHERE f.record_id = first.record_id AND f.run_id = first.run_id)
  FROM (SELECT DISTINCT ON (record_id) record_id, source_id, run_id, policy_id, policy_version, detected_at
          FROM gateway.pii_findings ORDER BY record_id, detected_at, run_id) AS first;
INSERT INTO gateway.pii_finding_counts (source_id, field, entity_type, run_id, findings, records, last_detected_at)
SELECT f.source_id, f.field, f.entity_type, f.run_id, count(*), count(DISTINCT f.record_id), max(f.detected_at)
  FROM gateway.pii_findings f JOIN gateway.pii_finding_records r ON r.record_id = f.record_id AND r.run_id = f.run_id
 GROUP BY f.source_id, f.field, f.entity_type, f.run_id;

DROP TABLE gateway.pii_findings;
