-- A push claims its run before it publishes: the run id is derived from the source and the
-- Idempotency-Key, so the primary key lets only one of two concurrent pushes with one key win.
-- 'publishing': claimed, records being published; 'accepted': published and answered 202;
-- 'failed': the publish failed, so a retry with the same body may claim the run again.
-- claim_token is new on every claim (and takeover of a stale claim): a push may only refresh,
-- accept or release the claim it holds, never one a later push took over.
ALTER TABLE gateway.ingestion_runs
  ADD COLUMN state text NOT NULL DEFAULT 'accepted'
    CONSTRAINT ingestion_runs_state_check CHECK (state IN ('publishing', 'accepted', 'failed')),
  ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN claim_token uuid NOT NULL DEFAULT gen_random_uuid();
