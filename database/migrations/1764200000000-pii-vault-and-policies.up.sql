-- pii-detection: token vault, detokenize audit and versioned protection policies.

-- Rows that must never change once written (audit entries, policy versions).
CREATE FUNCTION pii_detection.forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows of %.% are immutable', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END;
$$;

-- Token vault: one random token per (namespace, value). The value is stored only as AES-256-GCM
-- ciphertext (key derived from PII_VAULT_KEY) and found again through a keyed HMAC, never in clear.
CREATE TABLE pii_detection.vault_tokens (
  token            text PRIMARY KEY CHECK (token ~ '^tok_[a-z2-7]{26}$'),
  namespace        text NOT NULL CHECK (namespace ~ '^[a-z0-9][a-z0-9_.:-]{0,62}$'),
  value_ciphertext text NOT NULL CHECK (value_ciphertext LIKE 'enc:v1:%'),
  value_hmac       char(64) NOT NULL,
  entity_type      text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vault_tokens_namespace_value_hmac_key UNIQUE (namespace, value_hmac)
);

-- Every detokenize call, allowed or denied: a fingerprint of the caller's key, never the key or the value.
CREATE TABLE pii_detection.detokenize_audit (
  id                    uuid PRIMARY KEY,
  token                 text,
  requester_fingerprint text,
  allowed               boolean NOT NULL,
  reason                text NOT NULL,
  at                    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX detokenize_audit_at_idx ON pii_detection.detokenize_audit (at DESC);
CREATE INDEX detokenize_audit_token_idx ON pii_detection.detokenize_audit (token);
CREATE TRIGGER detokenize_audit_append_only BEFORE UPDATE OR DELETE ON pii_detection.detokenize_audit
  FOR EACH ROW EXECUTE FUNCTION pii_detection.forbid_change();

-- Protection policies: each version immutable; a change is the next version of the policy.
CREATE TABLE pii_detection.protection_policies (
  policy_id  text NOT NULL CHECK (policy_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  version    integer NOT NULL CHECK (version >= 1),
  source_id  text NOT NULL CHECK (source_id = '*' OR source_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  document   jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object' AND jsonb_typeof(document -> 'rules') = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (policy_id, version)
);
CREATE INDEX protection_policies_source_idx ON pii_detection.protection_policies (source_id, created_at DESC);
CREATE TRIGGER protection_policies_immutable BEFORE UPDATE ON pii_detection.protection_policies
  FOR EACH ROW EXECUTE FUNCTION pii_detection.forbid_change();

-- The built-in default, as protection has always behaved: every entity replaced by <ENTITY_TYPE>.
INSERT INTO pii_detection.protection_policies (policy_id, version, source_id, document)
VALUES ('default', 1, '*', '{"rules": {"DEFAULT": {"operator": "replace"}}, "description": "Built-in default: every entity is replaced by <ENTITY_TYPE>"}');
