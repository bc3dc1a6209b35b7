-- Vault key rotation: every ciphertext names the vault key that sealed it (an id of PII_VAULT_KEYS;
-- 'default' is the key given as PII_VAULT_KEY, which sealed every row stored before this migration).

-- The key wrapping each per-token data key. No default: the service always names the key.
ALTER TABLE pii_detection.vault_token_keys ADD COLUMN key_id text NOT NULL DEFAULT 'default';
ALTER TABLE pii_detection.vault_token_keys ALTER COLUMN key_id DROP DEFAULT;
CREATE INDEX vault_token_keys_key_id_idx ON pii_detection.vault_token_keys (key_id, token);

-- Tokens stored before per-token keys (key_scope 'vault'): the key of value_ciphertext; null otherwise.
ALTER TABLE pii_detection.vault_tokens ADD COLUMN key_id text;
UPDATE pii_detection.vault_tokens SET key_id = 'default' WHERE key_scope = 'vault';
ALTER TABLE pii_detection.vault_tokens ADD CONSTRAINT vault_tokens_key_id_of_scope CHECK ((key_scope = 'vault') = (key_id IS NOT NULL));
CREATE INDEX vault_tokens_key_id_idx ON pii_detection.vault_tokens (key_id, token) WHERE key_id IS NOT NULL;

-- The lookup key of value_hmac: one row, stored once, wrapped by a vault key and re-wrapped on
-- rotation but never changed, so a value finds its token again whatever the primary key is.
CREATE TABLE pii_detection.vault_lookup_key (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  wrapped_key text NOT NULL CHECK (wrapped_key LIKE 'enc:v1:%'),
  key_id      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Every re-wrap request (pii:admin): who (key fingerprint), under which primary, how many rows were
-- re-wrapped and how many are left under other keys. Never keys or values.
CREATE TABLE pii_detection.vault_rewrap_audit (
  id                    uuid PRIMARY KEY,
  requester_fingerprint text NOT NULL,
  primary_key_id        text NOT NULL,
  rewrapped             integer NOT NULL,
  remaining             integer NOT NULL,
  at                    timestamptz NOT NULL DEFAULT now()
);
