-- Data-subject requests (GDPR access and erasure), driven by the gateway.
-- The identifier is stored only as a keyed HMAC; each erasure step is recorded so a rerun resumes.
CREATE TABLE gateway.subject_requests (
  id              uuid PRIMARY KEY,
  type            text NOT NULL CHECK (type IN ('access', 'erasure')),
  identifier_type text NOT NULL CHECK (identifier_type IN ('email', 'phone', 'other')),
  identifier_hash char(64) NOT NULL CHECK (identifier_hash ~ '^[0-9a-f]{64}$'),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  status          text NOT NULL CHECK (status IN ('in_progress', 'completed')),
  requested_by    text NOT NULL,
  -- The located records and tokens (ids only, never values) and each erasure step's outcome.
  plan            jsonb NOT NULL DEFAULT '{}',
  steps           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(steps) = 'object'),
  found           jsonb NOT NULL DEFAULT '{}',
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  due_at          timestamptz NOT NULL,
  completed_at    timestamptz
);
CREATE INDEX subject_requests_created_idx ON gateway.subject_requests (created_at DESC, id DESC);
CREATE INDEX subject_requests_identifier_idx ON gateway.subject_requests (identifier_hash);
CREATE INDEX subject_requests_unfinished_idx ON gateway.subject_requests (created_at) WHERE status = 'in_progress';

-- Per-token data keys of the vault (wrapped by the vault key). Deleting a token's key crypto-shreds
-- its value in every copy of vault_tokens; keep this table out of long-lived backups.
CREATE TABLE pii_detection.vault_token_keys (
  token       text PRIMARY KEY CHECK (token ~ '^tok_[a-z2-7]{26}$'),
  wrapped_key text NOT NULL CHECK (wrapped_key LIKE 'enc:v1:%'),
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- Tokens stored before per-token keys stay readable under the vault key.
ALTER TABLE pii_detection.vault_tokens ADD COLUMN key_scope text NOT NULL DEFAULT 'vault' CHECK (key_scope IN ('vault', 'token'));
