-- quality: alerts fired by fail checks, delivered to a webhook (outbox: written in the transaction
-- that stores the check result that fired it, sent afterwards with retries).
CREATE TABLE quality.alerts (
  -- Derived from run, contract version and check: a check fires once per run.
  alert_id        uuid PRIMARY KEY,
  payload         jsonb NOT NULL,
  fired_at        timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  -- Set when the retries are exhausted; the alert stays for the record.
  abandoned_at    timestamptz,
  -- HTTP status or failure code of the last attempt; never a response body.
  last_failure    text CHECK (length(last_failure) <= 200)
);
CREATE INDEX alerts_pending_idx ON quality.alerts (next_attempt_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
