import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DeadLetterUnsealAuditEntity } from './dead-letter-unseal-audit.entity';

export type DeadLetterUnsealAuditEntry = Omit<DeadLetterUnsealAuditEntity, 'id' | 'at'>;

@Injectable()
export class DeadLetterUnsealAuditRepository {
  constructor(@InjectRepository(DeadLetterUnsealAuditEntity) private readonly audit: Repository<DeadLetterUnsealAuditEntity>) {}

  async record(entry: DeadLetterUnsealAuditEntry): Promise<void> {
    await this.audit.createQueryBuilder().insert().into(DeadLetterUnsealAuditEntity).values({ id: uuidv7(), ...entry }).execute();
  }
}
