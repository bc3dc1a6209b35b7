-- Rectification (GDPR Art. 16) requests: the corrected fields' names, and the new values sealed to
-- the vault key (ATLAS_DEAD_LETTER_PUBLIC_KEY; only pii-detection opens them) while the request is in
-- progress, so a restart can resume it. Completing the request deletes them.
ALTER TABLE gateway.subject_requests DROP CONSTRAINT subject_requests_type_check;
ALTER TABLE gateway.subject_requests ADD CONSTRAINT subject_requests_type_check CHECK (type IN ('access', 'erasure', 'rectification'));
ALTER TABLE gateway.subject_requests
  ADD COLUMN rectified_fields text[] NOT NULL DEFAULT '{}' CHECK (cardinality(rectified_fields) <= 20),
  ADD COLUMN corrections_sealed jsonb,
  ADD CONSTRAINT subject_requests_corrections_sealed_check CHECK (corrections_sealed IS NULL OR (type = 'rectification' AND status = 'in_progress'));
