import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PreparedStatement, queryPrepared } from '@atlas/database';
import { BatchProfile, MAX_PROFILED_FIELDS } from './batch-profile';
import { FieldProfile, FieldStatistics } from './field-profile';
import { decodeRegisters, encodeRegisters } from './hyperloglog';

export interface StoredRunProfile {
  runId: string;
  sourceId: string;
  records: number;
  fieldLimitReached: boolean;
  createdAt: Date;
  updatedAt: Date;
  fields: Array<{ name: string; profile: FieldProfile }>;
}

interface RunRow {
  run_id: string;
  source_id: string;
  records: string;
  field_limit_reached: boolean;
  created_at: Date;
  updated_at: Date;
}

interface FieldRow {
  field_name: string;
  statistics: FieldStatistics;
  distinct_registers: Buffer;
}

function restore(row: FieldRow): FieldProfile {
  return new FieldProfile(row.statistics, decodeRegisters(row.distinct_registers));
}

// The statements of every batch's merge, prepared.
const UPSERT_RUNS = new PreparedStatement(
  `INSERT INTO connector.run_profiles (run_id, source_id, records, field_limit_reached)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::boolean[])
   ON CONFLICT (run_id) DO UPDATE SET records = run_profiles.records + EXCLUDED.records,
     field_limit_reached = run_profiles.field_limit_reached OR EXCLUDED.field_limit_reached, updated_at = now()`,
);
/** The stored profiles of the batch's fields, then one row per run with how many fields it has (field_name null). */
const STORED_FIELDS = new PreparedStatement(
  `SELECT f.run_id::text AS run_id, f.field_name, f.statistics, f.distinct_registers, NULL::bigint AS fields FROM connector.run_profile_fields f
     JOIN unnest($1::uuid[], $2::text[]) AS wanted(run_id, field_name) ON f.run_id = wanted.run_id AND f.field_name = wanted.field_name
   UNION ALL
   SELECT run_id::text, NULL, NULL, NULL, count(*) FROM connector.run_profile_fields WHERE run_id = ANY($3::uuid[]) GROUP BY run_id`,
);
const UPSERT_FIELDS = new PreparedStatement(
  `INSERT INTO connector.run_profile_fields (run_id, field_name, statistics, distinct_registers)
   SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::bytea[])
   ON CONFLICT (run_id, field_name) DO UPDATE SET statistics = EXCLUDED.statistics, distinct_registers = EXCLUDED.distinct_registers`,
);

@Injectable()
export class RunProfileRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Merges batch profiles (one per run) into the stored ones, inside the caller's transaction (the
   * one that inserted the profiled records), in a fixed number of statements whatever the number of
   * runs. The upsert of the runs' rows comes first and locks each run's row until the transaction
   * ends, which serialises batches of one run landing from several partitions; it takes the runs in
   * id order, so two batches never wait on each other in a cycle.
   */
  async merge(manager: EntityManager, batches: readonly BatchProfile[]): Promise<void> {
    if (batches.length === 0) return;
    const ordered = [...batches].sort((left, right) => (left.runId < right.runId ? -1 : left.runId > right.runId ? 1 : 0));
    const runIds = ordered.map((batch) => batch.runId);
    await queryPrepared(manager, UPSERT_RUNS, [
      runIds,
      ordered.map((batch) => batch.sourceId),
      ordered.map((batch) => batch.records),
      ordered.map((batch) => batch.fieldLimitReached),
    ]);
    const wanted = ordered.flatMap((batch) => [...batch.fields.keys()].map((name) => [batch.runId, name] as const));
    const storedRows: Array<FieldRow & { run_id: string; field_name: string | null; fields: string | null }> = await queryPrepared(manager, STORED_FIELDS, [
      wanted.map(([runId]) => runId),
      wanted.map(([, name]) => name),
      runIds,
    ]);
    // PostgreSQL prints a uuid in lower case.
    const storedByKey = new Map<string, FieldProfile>();
    const fieldCounts = new Map<string, number>();
    for (const row of storedRows) {
      if (row.field_name === null) fieldCounts.set(row.run_id, Number(row.fields));
      else storedByKey.set(`${row.run_id}/${row.field_name}`, restore(row));
    }
    const rows: Array<[string, string, FieldProfile]> = [];
    const limited: string[] = [];
    for (const batch of ordered) {
      const runKey = batch.runId.toLowerCase();
      let room = MAX_PROFILED_FIELDS - (fieldCounts.get(runKey) ?? 0);
      let admitted = 0;
      for (const [name, profile] of batch.fields) {
        const known = storedByKey.get(`${runKey}/${name}`);
        if (known) {
          known.merge(profile);
          rows.push([batch.runId, name, known]);
          admitted++;
        } else if (room > 0) {
          room--;
          rows.push([batch.runId, name, profile]);
          admitted++;
        }
      }
      if (admitted < batch.fields.size) limited.push(batch.runId);
    }
    if (limited.length > 0) await manager.query('UPDATE connector.run_profiles SET field_limit_reached = true WHERE run_id = ANY($1::uuid[])', [limited]);
    if (rows.length === 0) return;
    await queryPrepared(manager, UPSERT_FIELDS, [
        rows.map(([runId]) => runId),
        rows.map(([, name]) => name),
        rows.map(([, , profile]) => JSON.stringify(profile.toStatistics())),
        rows.map(([, , profile]) => encodeRegisters(profile.distinct.registers)),
    ]);
  }

  /** The profile of one run of the source, or of its latest profiled run; null when there is none. */
  async find(sourceId: string, runId?: string): Promise<StoredRunProfile | null> {
    const runs: RunRow[] = runId
      ? await this.dataSource.query('SELECT * FROM connector.run_profiles WHERE source_id = $1 AND run_id = $2', [sourceId, runId])
      : await this.dataSource.query('SELECT * FROM connector.run_profiles WHERE source_id = $1 ORDER BY created_at DESC, run_id DESC LIMIT 1', [sourceId]);
    if (runs.length === 0) return null;
    const run = runs[0];
    const fields: FieldRow[] = await this.dataSource.query(
      'SELECT field_name, statistics, distinct_registers FROM connector.run_profile_fields WHERE run_id = $1 ORDER BY field_name',
      [run.run_id],
    );
    return {
      runId: run.run_id,
      sourceId: run.source_id,
      records: Number(run.records),
      fieldLimitReached: run.field_limit_reached,
      createdAt: run.created_at,
      updatedAt: run.updated_at,
      fields: fields.map((row) => ({ name: row.field_name, profile: restore(row) })),
    };
  }
}
