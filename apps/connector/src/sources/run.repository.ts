import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import { postgresErrorSummary, utcMicroseconds } from '@atlas/database';
import { ACTIVE_RUN_STATES, RunCheckpoint, RunEntity } from './run.entity';

export interface RunCounts {
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
}

@Injectable()
export class RunRepository {
  constructor(@InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>) {}

  /** Queues a run; false when the source already has a queued or running run (a partial unique index decides, so two requests cannot both win). */
  async queue(runId: string, sourceId: string): Promise<boolean> {
    try {
      await this.runs.insert({ runId, sourceId, state: 'queued' });
      return true;
    } catch (error) {
      if (postgresErrorSummary(error)?.code === '23505') return false;
      throw error;
    }
  }

  find(runId: string): Promise<RunEntity | null> {
    return this.runs.findOneBy({ runId });
  }

  /** A page of runs (of one source, or all) by creation time then id, after `after` = [created_at with microseconds, run id]. */
  async page(sourceId: string | undefined, descending: boolean, after: [string, string] | undefined, limit: number): Promise<Array<{ run: RunEntity; createdAtKey: string }>> {
    const direction = descending ? 'DESC' : 'ASC';
    const query = this.runs.createQueryBuilder('run').addSelect(utcMicroseconds('run.created_at'), 'created_at_key');
    if (sourceId !== undefined) query.andWhere('run.source_id = :sourceId', { sourceId });
    if (after) query.andWhere(`(run.created_at, run.run_id) ${descending ? '<' : '>'} (CAST(:createdAt AS timestamptz), CAST(:runId AS uuid))`, { createdAt: after[0], runId: after[1] });
    const { entities, raw } = await query.orderBy('run.created_at', direction).addOrderBy('run.run_id', direction).limit(limit).getRawAndEntities<{ created_at_key: string }>();
    return entities.map((run, index) => ({ run, createdAtKey: raw[index].created_at_key }));
  }

  /** Runs a previous process left unfinished: resumed from their checkpoints. */
  unfinished(): Promise<RunEntity[]> {
    return this.runs.find({ where: { state: In([...ACTIVE_RUN_STATES]) }, order: { createdAt: 'ASC' } });
  }

  /** The newest committed checkpoint of the source's other runs: where a new run starts reading. */
  async latestCheckpoint(sourceId: string, exceptRunId: string): Promise<RunCheckpoint | null> {
    const run = await this.runs.findOne({
      where: { sourceId, runId: Not(exceptRunId), checkpoint: Not(IsNull()), state: In(['succeeded', 'failed', 'cancelled']) },
      order: { createdAt: 'DESC' },
    });
    return run?.checkpoint ?? null;
  }

  async markRunning(runId: string): Promise<boolean> {
    const result = await this.runs.update({ runId, state: 'queued' }, { state: 'running', startedAt: () => 'now()' });
    return result.affected === 1;
  }

  /** Progress of a running run; a cancelled run keeps its state. */
  async updateCounts(runId: string, counts: RunCounts): Promise<void> {
    await this.runs.update({ runId }, counts);
  }

  async commitCheckpoint(runId: string, checkpoint: RunCheckpoint): Promise<void> {
    await this.runs.query('UPDATE connector.runs SET checkpoint = $2 WHERE run_id = $1', [runId, JSON.stringify(checkpoint)]);
  }

  /** Ends a running run; false when it was no longer running (cancelled meanwhile). */
  async finish(runId: string, state: 'succeeded' | 'failed', counts: RunCounts, error: string | null): Promise<boolean> {
    const result = await this.runs.update({ runId, state: 'running' }, { state, ...counts, error, endedAt: () => 'now()' });
    return result.affected === 1;
  }

  /** Cancels a queued or running run; false when it had already ended. */
  async cancel(runId: string): Promise<boolean> {
    const result = await this.runs.update({ runId, state: In([...ACTIVE_RUN_STATES]) }, { state: 'cancelled', endedAt: () => 'now()' });
    return result.affected === 1;
  }
}
