import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IngestionRunEntity } from './ingestion-run.entity';

@Injectable()
export class IngestionRunRepository {
  constructor(@InjectRepository(IngestionRunEntity) private readonly runs: Repository<IngestionRunEntity>) {}

  /** A retried push with the same idempotency key is the same run: the first row stays. */
  async saveOnce(run: Omit<IngestionRunEntity, 'acceptedAt'>): Promise<void> {
    await this.runs.createQueryBuilder().insert().into(IngestionRunEntity).values(run).orIgnore().execute();
  }

  findById(runId: string): Promise<IngestionRunEntity | null> {
    return this.runs.findOneBy({ runId });
  }
}
