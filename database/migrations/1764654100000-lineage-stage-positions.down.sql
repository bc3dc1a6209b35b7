DO $$
DECLARE
  stage text;
BEGIN
  FOREACH stage IN ARRAY ARRAY['connector', 'pii_detection', 'quality'] LOOP
    EXECUTE format($sql$
      CREATE TABLE %1$I.lineage_stage_records (
        job_name       text NOT NULL,
        run_id         uuid NOT NULL,
        position_index integer NOT NULL,
        counted_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_name, run_id, position_index)
      );
      CREATE INDEX lineage_stage_records_counted_idx ON %1$I.lineage_stage_records (counted_at);
      INSERT INTO %1$I.lineage_stage_records (job_name, run_id, position_index, counted_at)
      SELECT job_name, run_id, chunk * 8192 + n, updated_at
        FROM %1$I.lineage_stage_positions, generate_series(0, 8191) AS n
       WHERE get_bit(counted, n) = 1;
      DROP TABLE %1$I.lineage_stage_positions;
    $sql$, stage);
  END LOOP;
END $$;
