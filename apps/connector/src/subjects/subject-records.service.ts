import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SubjectRecordEraseRequest, SubjectRecordEraseResult, SubjectRecordSearchRequest, SubjectRecordSearchResult } from '@atlas/contracts';
import { SubjectRecordTable } from '@atlas/database';
import type { SubjectRecordStore } from '@atlas/platform';

/**
 * A data subject's records in the connector's tables: Explore (raw, found by the identifier as
 * written) and Navigate (protected, found by keyed-hash prefixes and vault tokens, and by the record
 * ids found in Explore, since a record keeps its id through every layer).
 */
@Injectable()
export class SubjectRecordsService implements SubjectRecordStore {
  private readonly explore: SubjectRecordTable;
  private readonly navigate: SubjectRecordTable;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const query = (sql: string, parameters: unknown[]) => dataSource.query(sql, parameters);
    this.explore = new SubjectRecordTable(query, 'connector.explore_records', 'explore');
    this.navigate = new SubjectRecordTable(query, 'connector.navigate_records', 'navigate');
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
    const table = request.layer === 'explore' ? this.explore : request.layer === 'navigate' ? this.navigate : undefined;
    if (!table) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'layer_not_here', message: 'The connector holds the explore and navigate layers' });
    return { deleted: await table.erase(request.recordIds) };
  }
}
