import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { NavigateRecordEntity } from './navigate-record.entity';

@Injectable()
export class NavigateRecordRepository {
  constructor(@InjectRepository(NavigateRecordEntity) private readonly records: Repository<NavigateRecordEntity>) {}

  /** Redelivered records keep their first row (at-least-once delivery, idempotent write). */
  async insertIgnoringDuplicates(rows: Omit<NavigateRecordEntity, 'writtenAt'>[], manager?: EntityManager): Promise<void> {
    await insertIgnoringDuplicates(manager ? manager.getRepository(NavigateRecordEntity) : this.records, rows);
  }

  /** A row's provenance columns (never its payload), or undefined when no Navigate row has this record id. */
  async findProvenance(recordId: string): Promise<Omit<NavigateRecordEntity, 'payload'> | undefined> {
    const row = await this.records.findOne({
      where: { recordId },
      select: ['recordId', 'sourceId', 'runId', 'positionIndex', 'sourceLocation', 'policyId', 'policyVersion', 'contractId', 'contractVersion', 'traceId', 'writtenAt'],
    });
    return row ?? undefined;
  }

  /** Runs the work in one transaction (the jsonb rows and the typed tables commit together). */
  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.records.manager.transaction(work);
  }
}
