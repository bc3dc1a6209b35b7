-- connector: index atlas_record_id in the typed Navigate tables keyed by a business key (a table
-- keyed by record id has it as its primary key). Subject erasure deletes rows by record id in every
-- typed table; without the index each erasure scanned them. Tables created from now on get the
-- index when they are created (typed-table-sql.ts, recordIdIndexSql: the same name, a hash of the
-- dataset id, so two long ids never share an index name).
DO $$
DECLARE
  dataset record;
BEGIN
  FOR dataset IN
    SELECT d.dataset_id FROM connector.navigate_datasets d
     WHERE cardinality(d.primary_key) > 0 AND to_regclass(format('navigate_typed.%I', d.dataset_id)) IS NOT NULL
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON navigate_typed.%I (atlas_record_id)',
      'atlas_record_id_' || left(encode(sha256(convert_to(dataset.dataset_id, 'UTF8')), 'hex'), 24), dataset.dataset_id);
  END LOOP;
END $$;
