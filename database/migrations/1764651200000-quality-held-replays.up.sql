-- quality: records held because their source had no active contract, replayed when one is activated.

-- Held records (contract id 'none', reason no_active_contract) not released yet: counted per source
-- and read in record-id pages by the replay.
CREATE INDEX quarantined_records_held_idx ON quality.quarantined_records (source_id, record_id)
  WHERE contract_id = 'none' AND released_at IS NULL;

-- One replay of a source's held records per activation, written in the activation's transaction,
-- run by whichever replica holds its lease. Its progress is the held set itself (a judged record
-- is released or keeps the new version's reasons, so it is no longer held) and these counts, which
-- are updated in the transaction that records each batch's outcome.
CREATE TABLE quality.held_replays (
  replay_id         uuid PRIMARY KEY,
  source_id         text NOT NULL,
  contract_id       text NOT NULL,
  contract_version  text NOT NULL,
  requested_by      text NOT NULL,
  requested_at      timestamptz NOT NULL DEFAULT now(),
  -- Held records of the source when the version was activated.
  held_at_request   integer NOT NULL CHECK (held_at_request >= 0),
  -- pending → running → succeeded | failed; superseded when a later activation of the source takes over.
  state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'superseded')),
  judged            integer NOT NULL DEFAULT 0 CHECK (judged >= 0),
  released          integer NOT NULL DEFAULT 0 CHECK (released >= 0),
  still_quarantined integer NOT NULL DEFAULT 0 CHECK (still_quarantined >= 0),
  not_replayable    integer NOT NULL DEFAULT 0 CHECK (not_replayable >= 0),
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  lease_until       timestamptz,
  started_at        timestamptz,
  finished_at       timestamptz,
  -- A failure's code and condition, never a value.
  last_error        text CHECK (length(last_error) <= 500)
);
CREATE INDEX held_replays_source_idx ON quality.held_replays (source_id, requested_at DESC);
CREATE INDEX held_replays_unfinished_idx ON quality.held_replays (requested_at) WHERE state IN ('pending', 'running');
