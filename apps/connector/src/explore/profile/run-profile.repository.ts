import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BatchProfile, MAX_PROFILED_FIELDS } from './batch-profile';
import { FieldProfile, FieldStatistics } from './field-profile';

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
  return new FieldProfile(row.statistics, new Uint8Array(row.distinct_registers));
}

@Injectable()
export class RunProfileRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Merges batch profiles into the stored ones, inside the caller's transaction (the one that
   * inserted the profiled records). A transaction-scoped advisory lock per run serialises batches of
   * one run landing from several partitions; runs are locked in id order, so two batches never wait
   * on each other in a cycle.
   */
  async merge(manager: EntityManager, batches: readonly BatchProfile[]): Promise<void> {
    for (const batch of [...batches].sort((left, right) => (left.runId < right.runId ? -1 : 1))) {
      await manager.query("SELECT pg_advisory_xact_lock(hashtextextended('connector.run_profiles:' || $1, 0))", [batch.runId]);
      await manager.query(
        `INSERT INTO connector.run_profiles (run_id, source_id, records, field_limit_reached) VALUES ($1, $2, $3, $4)
         ON CONFLICT (run_id) DO UPDATE SET records = run_profiles.records + EXCLUDED.records,
           field_limit_reached = run_profiles.field_limit_reached OR EXCLUDED.field_limit_reached, updated_at = now()`,
        [batch.runId, batch.sourceId, batch.records, batch.fieldLimitReached],
      );
      const names = [...batch.fields.keys()];
      const stored: FieldRow[] = await manager.query(
        'SELECT field_name, statistics, distinct_registers FROM connector.run_profile_fields WHERE run_id = $1 AND field_name = ANY($2)',
        [batch.runId, names],
      );
      const storedByName = new Map(stored.map((row) => [row.field_name, restore(row)]));
      const [{ fields }]: Array<{ fields: string }> = await manager.query('SELECT count(*) AS fields FROM connector.run_profile_fields WHERE run_id = $1', [batch.runId]);
      let room = MAX_PROFILED_FIELDS - Number(fields);
      const rows: Array<[string, FieldProfile]> = [];
      for (const [name, profile] of batch.fields) {
        const known = storedByName.get(name);
        if (known) {
          known.merge(profile);
          rows.push([name, known]);
        } else if (room > 0) {
          room--;
          rows.push([name, profile]);
        }
      }
      if (rows.length < batch.fields.size) await manager.query('UPDATE connector.run_profiles SET field_limit_reached = true WHERE run_id = $1', [batch.runId]);
      if (rows.length === 0) continue;
      const parameters: unknown[] = [];
      const values = rows.map(([name, profile], index) => {
        parameters.push(batch.runId, name, JSON.stringify(profile.toStatistics()), Buffer.from(profile.distinct.registers));
        return `($${index * 4 + 1}, $${index * 4 + 2}, $${index * 4 + 3}::jsonb, $${index * 4 + 4})`;
      });
      await manager.query(
        `INSERT INTO connector.run_profile_fields (run_id, field_name, statistics, distinct_registers) VALUES ${values.join(', ')}
         ON CONFLICT (run_id, field_name) DO UPDATE SET statistics = EXCLUDED.statistics, distinct_registers = EXCLUDED.distinct_registers`,
        parameters,
      );
    }
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
