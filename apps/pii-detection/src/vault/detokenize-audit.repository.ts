import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DetokenizeAuditEntity } from './detokenize-audit.entity';

export type DetokenizeAuditEntry = Omit<DetokenizeAuditEntity, 'id' | 'at'>;

@Injectable()
export class DetokenizeAuditRepository {
  constructor(@InjectRepository(DetokenizeAuditEntity) private readonly audit: Repository<DetokenizeAuditEntity>) {}

  async record(entry: DetokenizeAuditEntry): Promise<void> {
    await this.audit.createQueryBuilder().insert().into(DetokenizeAuditEntity).values({ id: uuidv7(), ...entry }).execute();
  }
}
