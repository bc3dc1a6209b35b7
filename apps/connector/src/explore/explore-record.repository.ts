import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { ExploreRecordEntity } from './explore-record.entity';
import { profileRecords } from './profile/batch-profile';
import { RunProfileRepository } from './profile/run-profile.repository';

@Injectable()
export class ExploreRecordRepository {
  constructor(
    @InjectRepository(ExploreRecordEntity) private readonly records: Repository<ExploreRecordEntity>,
    private readonly profiles: RunProfileRepository,
  ) {}

  /**
   * Redelivered records keep their first row (at-least-once delivery, idempotent write). The rows
   * this call inserts, and only those, are added to their run's profile in the same transaction: a
   * replayed batch inserts nothing and so counts nothing twice, and a failure leaves neither.
   */
  async insertIgnoringDuplicates(rows: Omit<ExploreRecordEntity, 'exploredAt'>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.records.manager.transaction(async (manager) => {
      const result = await insertIgnoringDuplicates(manager.getRepository(ExploreRecordEntity), rows, { returning: ['record_id'] });
      const inserted = new Set(result.map((row) => String(row.record_id)));
      if (inserted.size === 0) return;
      // A record delivered twice within this batch is inserted once: profile its first copy only.
      await this.profiles.merge(manager, profileRecords(rows.filter((row) => inserted.delete(row.recordId))));
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
