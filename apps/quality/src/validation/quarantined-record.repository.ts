import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { NewQuarantinedRecord, QuarantinedRecordEntity } from './quarantined-record.entity';

@Injectable()
export class QuarantinedRecordRepository {
  constructor(@InjectRepository(QuarantinedRecordEntity) private readonly records: Repository<QuarantinedRecordEntity>) {}

  /** Redelivered records keep their first row (at-least-once delivery, idempotent write). */
  async insertIgnoringDuplicates(rows: NewQuarantinedRecord[]): Promise<void> {
    await insertIgnoringDuplicates(this.records, rows);
  }
}
