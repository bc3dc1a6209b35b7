import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RunEventEntity } from './run-event.entity';

@Injectable()
export class RunEventRepository {
  constructor(@InjectRepository(RunEventEntity) private readonly events: Repository<RunEventEntity>) {}

  /** Events of a run and of every run that names it as parent, oldest first. */
  findByRunOrParent(runId: string, limit: number): Promise<RunEventEntity[]> {
    return this.events
      .createQueryBuilder('event')
      .where('event.run_id = :runId OR event.parent_run_id = :runId', { runId })
      .orderBy('event.event_time', 'ASC')
      .addOrderBy('event.event_id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
