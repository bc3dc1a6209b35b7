-- connector: the dead letters of every service, as read from atlas.dead-letter.v1, so the API can
-- list them by source, run or service. What is in clear is what the topic holds in clear (reason,
-- service, positions: never a value); the original value stays sealed to the vault key (opened only
-- by pii-detection's audited unseal). A record dead-lettered twice (a redelivery after a crash) is
-- one row: the service and the record's position (its run's, for a source read by a run) are the key.
-- Rows are kept as long as the topic keeps its messages (30 days).
CREATE TABLE connector.dead_letters (
  dead_letter_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reason           text NOT NULL,
  service          text NOT NULL,
  failed_at        timestamptz NOT NULL,
  source_topic     text NOT NULL,
  source_partition integer NOT NULL,
  source_offset    text NOT NULL,
  source_index     integer,
  source_id        text,
  run_id           text,
  location         text,
  sealed_value     jsonb,
  received_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dead_letters_position_key ON connector.dead_letters (service, source_topic, source_partition, source_offset, (coalesce(run_id, '')));
CREATE INDEX dead_letters_source_idx ON connector.dead_letters (source_id, dead_letter_id);
CREATE INDEX dead_letters_run_idx ON connector.dead_letters (run_id, dead_letter_id);
CREATE INDEX dead_letters_received_idx ON connector.dead_letters (received_at);
