DELETE FROM gateway.subject_requests WHERE type = 'rectification';
ALTER TABLE gateway.subject_requests
  DROP CONSTRAINT subject_requests_corrections_sealed_check,
  DROP COLUMN corrections_sealed,
  DROP COLUMN rectified_fields;
ALTER TABLE gateway.subject_requests DROP CONSTRAINT subject_requests_type_check;
ALTER TABLE gateway.subject_requests ADD CONSTRAINT subject_requests_type_check CHECK (type IN ('access', 'erasure'));
