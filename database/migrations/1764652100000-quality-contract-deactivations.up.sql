-- quality: a source's contract can be deactivated; its records are then held again (no_active_contract).
-- One row per source whose contract was deactivated and not activated since: who and when (the
-- gateway's audit log keeps every call), and what start-up seeding must not undo (a contract file
-- is not activated again for a source deactivated through the API). An activation deletes the row.
CREATE TABLE quality.contract_deactivations (
  source_id        text PRIMARY KEY,
  contract_id      text NOT NULL,
  contract_version text NOT NULL,
  deactivated_by   text NOT NULL,
  deactivated_at   timestamptz NOT NULL DEFAULT now()
);
