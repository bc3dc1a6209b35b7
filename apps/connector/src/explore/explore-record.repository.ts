import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { ExploreRecordIdEntity } from './explore-record-id.entity';
import { ExploreRecordEntity } from './explore-record.entity';
import { BatchProfile, profileRecords } from './profile/batch-profile';
import { RunProfileRepository } from './profile/run-profile.repository';
import { ExploreRetention } from './retention/explore-retention.service';

/** PostgreSQL's answer when no partition of connector.explore_records covers now (23514, check_violation). */
export function isMissingPartition(error: unknown): boolean {
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown; message?: unknown } | undefined;
  return driverError?.code === '23514' && typeof driverError.message === 'string' && driverError.message.startsWith('no partition of relation');
}

@Injectable()
export class ExploreRecordRepository {
  constructor(
    @InjectRepository(ExploreRecordEntity) private readonly records: Repository<ExploreRecordEntity>,
    private readonly profiles: RunProfileRepository,
    private readonly retention: ExploreRetention,
  ) {}

  /**
   * Redelivered records keep their first row (at-least-once delivery, idempotent write): a record
   * is stored only if its id is new to connector.explore_record_ids, claimed in the same
   * transaction. The rows this call inserts, and only those, are added to their run's profile in
   * that transaction: a replayed batch inserts nothing and so counts nothing twice, and a failure
   * leaves neither. If today's partition is missing (maintenance not run yet), it is created and the
   * batch written again. Returns the profiles of the inserted records, one per run.
   */
  async insertIgnoringDuplicates(rows: Omit<ExploreRecordEntity, 'exploredAt'>[]): Promise<BatchProfile[]> {
    if (rows.length === 0) return [];
    try {
      return await this.insertOnce(rows);
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      await this.retention.ensurePartitions();
      return this.insertOnce(rows);
    }
  }

  private async insertOnce(rows: Omit<ExploreRecordEntity, 'exploredAt'>[]): Promise<BatchProfile[]> {
    return this.records.manager.transaction(async (manager) => {
      const claimed = await insertIgnoringDuplicates(
        manager.getRepository(ExploreRecordIdEntity),
        rows.map((row) => ({ recordId: row.recordId })),
        { returning: ['record_id'] },
      );
      const inserted = new Set(claimed.map((row) => String(row.record_id)));
      if (inserted.size === 0) return [];
      // A record delivered twice within this batch is claimed once: store and profile its first copy only.
      const fresh = rows.filter((row) => inserted.delete(row.recordId));
      await insertIgnoringDuplicates(manager.getRepository(ExploreRecordEntity), fresh);
      const profiles = profileRecords(fresh);
      await this.profiles.merge(manager, profiles);
      return profiles;
    });
  }

  /** How many records of the run with an index in [from, to) are stored (a connector run's checkpoint waits for them). */
  async countStored(runId: string, from: number, to: number): Promise<number> {
    const rows: Array<{ stored: string }> = await this.records.query(
      'SELECT count(*) AS stored FROM connector.explore_records WHERE run_id = $1 AND position_index >= $2 AND position_index < $3',
      [runId, from, to],
    );
    return Number(rows[0].stored);
  }
}
