import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { utcMicroseconds } from '@atlas/database';
import { SourceEntity } from './source.entity';

@Injectable()
export class SourceRepository {
  constructor(@InjectRepository(SourceEntity) private readonly sources: Repository<SourceEntity>) {}

  /** False when a source with this id exists already (it is left as it is). */
  async create(source: Pick<SourceEntity, 'sourceId' | 'type' | 'config' | 'schedule'>): Promise<boolean> {
    const inserted: unknown[] = await this.sources.query(
      'INSERT INTO connector.sources (source_id, type, config, schedule) VALUES ($1, $2, $3, $4) ON CONFLICT (source_id) DO NOTHING RETURNING source_id',
      [source.sourceId, source.type, JSON.stringify(source.config), source.schedule],
    );
    return inserted.length === 1;
  }

  async updateConfig(sourceId: string, config: Record<string, unknown>): Promise<void> {
    await this.sources.query('UPDATE connector.sources SET config = $2, updated_at = now() WHERE source_id = $1', [sourceId, JSON.stringify(config)]);
  }

  find(sourceId: string): Promise<SourceEntity | null> {
    return this.sources.findOneBy({ sourceId });
  }

  /** Every source with a schedule (the scheduler's view). */
  async scheduled(): Promise<Array<{ sourceId: string; schedule: string }>> {
    const rows: Array<{ source_id: string; schedule: string }> = await this.sources.query('SELECT source_id, schedule FROM connector.sources WHERE schedule IS NOT NULL');
    return rows.map((row) => ({ sourceId: row.source_id, schedule: row.schedule }));
  }

  /**
   * A page of sources after `after`: by creation time then id (`after` = [created_at with
   * microseconds, source id]) or by id alone (`after` = [source id]).
   */
  async page(order: { byCreation: boolean; descending: boolean }, after: string[] | undefined, limit: number): Promise<Array<{ source: SourceEntity; createdAtKey: string }>> {
    const direction = order.descending ? 'DESC' : 'ASC';
    const beyond = order.descending ? '<' : '>';
    const query = this.sources.createQueryBuilder('source').addSelect(utcMicroseconds('source.created_at'), 'created_at_key');
    if (order.byCreation) {
      if (after) query.where(`(source.created_at, source.source_id) ${beyond} (CAST(:createdAt AS timestamptz), :sourceId)`, { createdAt: after[0], sourceId: after[1] });
      query.orderBy('source.created_at', direction).addOrderBy('source.source_id', direction);
    } else {
      if (after) query.where(`source.source_id ${beyond} :sourceId`, { sourceId: after[0] });
      query.orderBy('source.source_id', direction);
    }
    const { entities, raw } = await query.limit(limit).getRawAndEntities<{ created_at_key: string }>();
    return entities.map((source, index) => ({ source, createdAtKey: raw[index].created_at_key }));
  }
}
