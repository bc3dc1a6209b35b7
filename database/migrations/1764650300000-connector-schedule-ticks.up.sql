-- Each tick of a source's cron schedule, claimed by the connector replica whose timer fired first:
-- the primary key is the claim, so a tick starts at most one run however many replicas run the
-- scheduler. `outcome` says what the tick did: started a run, or found one active (overlap refused
-- by runs_one_active_per_source).
CREATE TABLE connector.schedule_ticks (
  source_id  text NOT NULL REFERENCES connector.sources (source_id) ON DELETE CASCADE,
  tick_at    timestamptz NOT NULL,
  claimed_by text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  outcome    text CHECK (outcome IN ('started', 'overlap')),
  run_id     uuid,
  PRIMARY KEY (source_id, tick_at)
);
-- Old ticks are pruned by claim time.
CREATE INDEX schedule_ticks_claimed_idx ON connector.schedule_ticks (claimed_at);
