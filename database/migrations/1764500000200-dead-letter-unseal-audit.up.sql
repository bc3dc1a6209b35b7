-- Every request from a known API key to unseal a dead letter's original value, allowed or refused:
-- a fingerprint of the caller's key and the dead letter's source position, never the key or the value.
-- Requests without a key or with an unknown key are answered 401 before anything is written.
CREATE TABLE pii_detection.dead_letter_unseal_audit (
  id                    uuid PRIMARY KEY,
  source_topic          text,
  source_partition      integer,
  source_offset         text,
  requester_fingerprint text NOT NULL,
  allowed               boolean NOT NULL,
  reason                text NOT NULL,
  at                    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letter_unseal_audit_at_idx ON pii_detection.dead_letter_unseal_audit (at DESC);
CREATE TRIGGER dead_letter_unseal_audit_append_only BEFORE UPDATE OR DELETE ON pii_detection.dead_letter_unseal_audit
  FOR EACH ROW EXECUTE FUNCTION pii_detection.forbid_change();
