-- pii-detection: how each column of each source is classified, so a restart does not learn it again
-- and a user can confirm or override it. Field paths only, never values: keys holding personal data
-- are stored in their protected form (`contacts.<EMAIL_ADDRESS>`), long paths cut and hashed.
CREATE TABLE pii_detection.column_classifications (
  source_id            text NOT NULL CHECK (source_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  field                text NOT NULL CHECK (octet_length(field) BETWEEN 1 AND 256),
  class                text NOT NULL CHECK (class IN ('personal', 'free_text', 'identifier', 'non_personal')),
  entity_type          text CHECK (entity_type ~ '^[A-Z][A-Z0-9_]{0,39}$'),
  ignored_entity_types text[] NOT NULL DEFAULT '{}',
  confidence           real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  sampled_values       integer NOT NULL CHECK (sampled_values >= 0),
  values_with_findings integer NOT NULL CHECK (values_with_findings >= 0),
  decided_by           text NOT NULL CHECK (decided_by IN ('sampler', 'user')),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, field),
  CONSTRAINT column_classifications_personal_has_entity CHECK ((class = 'personal') = (entity_type IS NOT NULL))
);
