-- Lineage stage progress: the positions a stage counted for a run in progress, one bit per position
-- and 8,192 positions to a row (a 1 KiB bitmap), instead of a row per record. A batch then writes a
-- row or two per run, and the run's end deletes as many, where each record cost an inserted and a
-- deleted row in two indexes, in each of the three stages. Guarded by the run's row lock, as before.
DO $$
DECLARE
  stage text;
BEGIN
  FOREACH stage IN ARRAY ARRAY['connector', 'pii_detection', 'quality'] LOOP
    EXECUTE format($sql$
      CREATE TABLE %1$I.lineage_stage_positions (
        job_name   text NOT NULL,
        run_id     uuid NOT NULL,
        chunk      integer NOT NULL CHECK (chunk >= 0),
        -- Bit n (byte n / 8, bit n mod 8 from the least significant, as get_bit numbers them) is position chunk * 8192 + n.
        counted    bytea NOT NULL CHECK (length(counted) = 1024),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_name, run_id, chunk)
      );
      CREATE INDEX lineage_stage_positions_updated_idx ON %1$I.lineage_stage_positions (updated_at);

      -- Positions of runs in flight move over: each byte of each chunk from the positions in it.
      WITH bytes AS (
        SELECT job_name, run_id, position_index / 8192 AS chunk, (position_index %% 8192) / 8 AS byte,
               sum(1 << (position_index %% 8))::int AS value, max(counted_at) AS counted_at
          FROM %1$I.lineage_stage_records
         GROUP BY 1, 2, 3, 4
      ), chunks AS (
        SELECT job_name, run_id, chunk, max(counted_at) AS updated_at FROM bytes GROUP BY 1, 2, 3
      )
      INSERT INTO %1$I.lineage_stage_positions (job_name, run_id, chunk, counted, updated_at)
      SELECT c.job_name, c.run_id, c.chunk, decode(string_agg(lpad(to_hex(coalesce(b.value, 0)), 2, '0'), '' ORDER BY n.byte), 'hex'), c.updated_at
        FROM chunks c CROSS JOIN generate_series(0, 1023) AS n(byte)
        LEFT JOIN bytes b ON b.job_name = c.job_name AND b.run_id = c.run_id AND b.chunk = c.chunk AND b.byte = n.byte
       GROUP BY c.job_name, c.run_id, c.chunk, c.updated_at;

      DROP TABLE %1$I.lineage_stage_records;
    $sql$, stage);
  END LOOP;
END $$;
