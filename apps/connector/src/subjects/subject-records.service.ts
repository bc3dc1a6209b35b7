import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SubjectRecordEraseRequest, SubjectRecordEraseResult, SubjectRecordSearchRequest, SubjectRecordSearchResult } from '@atlas/contracts';
import { SubjectRecordTable } from '@atlas/database';
import type { SubjectRecordStore } from '@atlas/platform';
import { TypedNavigateEraser } from '../navigate/typed/typed-navigate.eraser';

const NAVIGATE_TABLE = 'connector.navigate_records';

/**
 * A data subject's records in the connector's tables: Explore (raw, found by the identifier as
 * written) and Navigate (protected, found by keyed-hash prefixes and vault tokens, and by the record
 * ids found in Explore, since a record keeps its id through every layer). A Navigate record's rows in
 * the typed tables are copies of its jsonb row under the same id: found through it, erased with it.
 */
@Injectable()
export class SubjectRecordsService implements SubjectRecordStore {
  private readonly explore: SubjectRecordTable;
  private readonly navigate: SubjectRecordTable;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly typedEraser: TypedNavigateEraser,
  ) {
    const query = (sql: string, parameters: unknown[]) => dataSource.query(sql, parameters);
    this.explore = new SubjectRecordTable(query, 'connector.explore_records', 'explore');
    this.navigate = new SubjectRecordTable(query, NAVIGATE_TABLE, 'navigate');
  }

  async search(request: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    const explored = await this.explore.search(request.match, request.includePayloads);
    const exploredIds = explored.records.map((record) => record.recordId);
    const navigated = await this.navigate.search({ ...request.match, recordIds: [...new Set([...request.match.recordIds, ...exploredIds])] }, request.includePayloads);
    return {
      records: [...explored.records, ...navigated.records],
      tokens: [...new Set([...explored.tokens, ...navigated.tokens])].sort(),
      truncated: explored.truncated || navigated.truncated,
    };
  }

  async erase(request: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    if (request.layer === 'explore') return { deleted: await this.explore.erase(request.recordIds) };
    if (request.layer === 'navigate') return { deleted: await this.dataSource.transaction((manager) => this.eraseNavigate(manager, request.recordIds)) };
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'layer_not_here', message: 'The connector holds the explore and navigate layers' });
  }

  /** The jsonb rows first, then the typed rows and conflicts: the order the Navigate writer locks them in. */
  private async eraseNavigate(manager: EntityManager, recordIds: readonly string[]): Promise<number> {
    const deleted = await new SubjectRecordTable((sql, parameters) => manager.query(sql, parameters), NAVIGATE_TABLE, 'navigate').erase(recordIds);
    await this.typedEraser.erase(manager, recordIds);
    return deleted;
  }
}
