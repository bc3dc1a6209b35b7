import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EXPLORE_TABLE, ExplorePartition, TimeRange } from './explore-partitions';

/** Holder of the lock one retention round runs under (session-level: the round spans many transactions). */
const RETENTION_LOCK = 'connector.explore_records:retention';
/** Serialises partition creation (concurrent CREATE TABLE … PARTITION OF of one name would fail). */
const CREATION_LOCK = 'connector.explore_records:partitions';
/** DDL on the partitioned table waits at most this long for the inserts in flight, then gives up until the next round. */
const DDL_LOCK_TIMEOUT = '10s';

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The DDL and deletes of Explore's partitions and retention (the only SQL they run). */
@Injectable()
export class ExplorePartitionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `round` holding the retention lock; false (and nothing run) when another replica holds it. */
  async underRetentionLock(round: () => Promise<void>): Promise<boolean> {
    const session = this.dataSource.createQueryRunner();
    try {
      const [{ locked }] = (await session.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [RETENTION_LOCK])) as Array<{ locked: boolean }>;
      if (!locked) return false;
      try {
        await round();
      } finally {
        await session.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [RETENTION_LOCK]);
      }
      return true;
    } finally {
      await session.release();
    }
  }

  /** The names of the partitions of connector.explore_records. */
  async partitionNames(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT child.relname AS name FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
        WHERE pg_inherits.inhparent = 'connector.explore_records'::regclass ORDER BY child.relname`,
    )) as Array<{ name: string }>;
    return rows.map((row) => row.name);
  }

  /**
   * Creates the partitions `plan` says are missing from the current list, in one transaction under
   * the creation lock (the list is re-read under it, so two replicas never create the same one).
   */
  async createMissing(plan: (existing: string[]) => ExplorePartition[]): Promise<ExplorePartition[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [CREATION_LOCK]);
      await manager.query(`SET LOCAL lock_timeout = '${DDL_LOCK_TIMEOUT}'`);
      const missing = plan(await this.partitionNames(manager));
      for (const partition of missing) {
        await manager.query(
          `CREATE TABLE connector.${quoted(partition.name)} PARTITION OF connector.${EXPLORE_TABLE} FOR VALUES FROM ('${partition.from!.toISOString()}') TO ('${partition.to.toISOString()}')`,
        );
      }
      return missing;
    });
  }

  /** The sources with rows in the partition: a loose index scan of (source_id, explored_at), one probe per source. */
  async sourcesIn(partitionName: string): Promise<string[]> {
    const table = `connector.${quoted(partitionName)}`;
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE sources AS (
         (SELECT source_id FROM ${table} ORDER BY source_id LIMIT 1)
         UNION ALL
         SELECT (SELECT source_id FROM ${table} WHERE source_id > sources.source_id ORDER BY source_id LIMIT 1) FROM sources WHERE sources.source_id IS NOT NULL
       ) SELECT source_id AS "sourceId" FROM sources WHERE source_id IS NOT NULL`,
    )) as Array<{ sourceId: string }>;
    return rows.map((row) => row.sourceId);
  }

  /**
   * The sources whose config sets `exploreRetentionDays`, with its value (null: kept for good). The
   * others, and source ids without a row here, get the platform default (SourceRetention).
   */
  async configuredRetention(): Promise<Map<string, number | null>> {
    const rows = (await this.dataSource.query(
      `SELECT source_id AS "sourceId", (config->>'exploreRetentionDays')::numeric::int AS days FROM connector.sources
        WHERE jsonb_typeof(config->'exploreRetentionDays') IN ('number', 'null')`,
    )) as Array<{ sourceId: string; days: number | null }>;
    return new Map(rows.map((row) => [row.sourceId, row.days]));
  }

  /** Drops a partition (a short lock on the partitioned table, bounded by the lock timeout). */
  async drop(partitionName: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL lock_timeout = '${DDL_LOCK_TIMEOUT}'`);
      await manager.query(`DROP TABLE connector.${quoted(partitionName)}`);
    });
  }

  /**
   * Deletes at most `limit` records of the source explored before `cutoff`, with their ids, in one
   * statement (one transaction): a redelivered copy of a deleted record is then stored again, as a
   * new record, never beside an old row. Returns how many.
   */
  async deleteExpired(sourceId: string, cutoff: Date, limit: number): Promise<number> {
    const rows = (await this.dataSource.query(
      `WITH expired AS (
         SELECT record_id, explored_at FROM connector.explore_records WHERE source_id = $1 AND explored_at < $2 LIMIT $3
       ), deleted AS (
         DELETE FROM connector.explore_records records USING expired
          WHERE records.record_id = expired.record_id AND records.explored_at = expired.explored_at RETURNING records.record_id
       ), forgotten AS (
         DELETE FROM connector.explore_record_ids ids USING deleted WHERE ids.record_id = deleted.record_id RETURNING 1
       ) SELECT (SELECT count(*) FROM deleted)::int AS deleted`,
      [sourceId, cutoff, limit],
    )) as Array<{ deleted: number }>;
    return rows[0].deleted;
  }

  /** Deletes at most `limit` ids explored within the range (no partition covers it any more). Returns how many. */
  async deleteIdsIn(range: TimeRange, limit: number): Promise<number> {
    const rows = (await this.dataSource.query(
      `WITH orphans AS (
         SELECT record_id FROM connector.explore_record_ids WHERE explored_at < $1 AND ($2::timestamptz IS NULL OR explored_at >= $2) LIMIT $3
       ), deleted AS (
         DELETE FROM connector.explore_record_ids ids USING orphans WHERE ids.record_id = orphans.record_id RETURNING 1
       ) SELECT count(*)::int AS deleted FROM deleted`,
      [range.to, range.from, limit],
    )) as Array<{ deleted: number }>;
    return rows[0].deleted;
  }
}
