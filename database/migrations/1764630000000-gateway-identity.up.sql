-- gateway: users, their refresh tokens, API keys created through the API and the audit log of every
-- change. Secrets are stored only as hashes: Argon2id (PHC string) for passwords, SHA-256 for the
-- high-entropy refresh tokens and API keys, which are looked up by that hash.
CREATE TABLE gateway.users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL CHECK (email = lower(email) AND octet_length(email) BETWEEN 3 AND 254),
  role          text NOT NULL CHECK (role IN ('admin', 'engineer', 'analyst', 'viewer', 'producer')),
  -- pii:reveal, never implied by a role.
  can_reveal    boolean NOT NULL DEFAULT false,
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);
CREATE UNIQUE INDEX users_email_idx ON gateway.users (email);

-- One row per refresh token ever issued. A login starts a family; each refresh marks its token used
-- and issues the next one in the family. A used or revoked token presented again revokes the family.
CREATE TABLE gateway.refresh_tokens (
  id          uuid PRIMARY KEY,
  family_id   uuid NOT NULL,
  user_id     uuid NOT NULL REFERENCES gateway.users (id),
  token_hash  bytea NOT NULL CHECK (octet_length(token_hash) = 32),
  issued_at   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz
);
CREATE UNIQUE INDEX refresh_tokens_hash_idx ON gateway.refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON gateway.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON gateway.refresh_tokens (user_id) WHERE revoked_at IS NULL;

CREATE TABLE gateway.api_keys (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (octet_length(name) BETWEEN 1 AND 100),
  role        text NOT NULL CHECK (role IN ('admin', 'engineer', 'analyst', 'viewer', 'producer')),
  can_reveal  boolean NOT NULL DEFAULT false,
  key_hash    bytea NOT NULL CHECK (octet_length(key_hash) = 32),
  -- The first characters of the key, so a holder can tell which key a listing row is.
  key_prefix  text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE UNIQUE INDEX api_keys_hash_idx ON gateway.api_keys (key_hash);

-- Append-only: who did what to which target, and whether it succeeded. Never a secret or a password.
CREATE TABLE gateway.audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL CHECK (action ~ '^[a-z][a-z_.-]{0,63}$'),
  target_type text,
  target_id   text,
  outcome     text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  details     jsonb NOT NULL DEFAULT '{}'
);

CREATE FUNCTION gateway.forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'gateway.% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON gateway.audit_log
  FOR EACH ROW EXECUTE FUNCTION gateway.forbid_change();
