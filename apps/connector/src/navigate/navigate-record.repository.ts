import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { NavigateRecordEntity } from './navigate-record.entity';

@Injectable()
export class NavigateRecordRepository {
  constructor(@InjectRepository(NavigateRecordEntity) private readonly records: Repository<NavigateRecordEntity>) {}

  /** Redelivered records keep their first row (at-least-once delivery, idempotent write). */
  async insertIgnoringDuplicates(rows: Omit<NavigateRecordEntity, 'writtenAt'>[]): Promise<void> {
    await insertIgnoringDuplicates(this.records, rows);
  }
}
