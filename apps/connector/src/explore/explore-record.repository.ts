import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { ExploreRecordEntity } from './explore-record.entity';

@Injectable()
export class ExploreRecordRepository {
  constructor(@InjectRepository(ExploreRecordEntity) private readonly records: Repository<ExploreRecordEntity>) {}

  /** Redelivered records keep their first row (at-least-once delivery, idempotent write). */
  async insertIgnoringDuplicates(rows: Omit<ExploreRecordEntity, 'exploredAt'>[]): Promise<void> {
    await insertIgnoringDuplicates(this.records, rows);
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
