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
}
