import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  SubjectRecordEraseRequest,
  SubjectRecordEraseResult,
  SubjectRecordRectifyRequest,
  SubjectRecordRectifyResult,
  SubjectRecordSearchRequest,
  SubjectRecordSearchResult,
} from '@atlas/contracts';
import { SubjectRecordTable } from '@atlas/database';
import type { SubjectRecordStore } from '@atlas/platform';
import { TypedNavigateEraser } from '../navigate/typed/typed-navigate.eraser';
import { TypedNavigateRectifier } from '../navigate/typed/typed-navigate.rectifier';

const NAVIGATE_TABLE = 'connector.navigate_records';
const EXPLORE_TABLE = 'connector.explore_records';

const layerNotHere = () => new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'layer_not_here', message: 'The connector holds the explore and navigate layers' });

/**
 * A data subject's records in the connector's tables: Explore (raw, found by the identifier as
 * written) and Navigate (protected, found by keyed-hash prefixes and vault tokens, and by the record
 * ids found in Explore, since a record keeps its id through every layer). A Navigate record's rows in
 * the typed tables are copies of its jsonb row under the same id: found through it, erased and
 * rectified with it.
 */
@Injectable()
export class SubjectRecordsService implements SubjectRecordStore {
  private readonly explore: SubjectRecordTable;
  private readonly navigate: SubjectRecordTable;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly typedEraser: TypedNavigateEraser,
    private readonly typedRectifier: TypedNavigateRectifier,
  ) {
    const query = (sql: string, parameters: unknown[]) => dataSource.query(sql, parameters);
    this.explore = new SubjectRecordTable(query, EXPLORE_TABLE, 'explore');
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
    throw layerNotHere();
  }

  /** Explore: the raw values, the checksum recomputed. Navigate: the protected values, in the jsonb rows and the typed tables, in one transaction. */
  async rectify(request: SubjectRecordRectifyRequest): Promise<SubjectRecordRectifyResult> {
    if (request.layer === 'quarantine') throw layerNotHere();
    return this.dataSource.transaction(async (manager) => {
      const query = (sql: string, parameters: unknown[]) => manager.query(sql, parameters);
      if (request.layer === 'explore') {
        const rows = await new SubjectRecordTable(query, EXPLORE_TABLE, 'explore', { checksumColumn: true }).rectify(request.recordIds, request.fieldsBySource);
        return { rectified: rows.filter((row) => row.changed).length };
      }
      const rows = await new SubjectRecordTable(query, NAVIGATE_TABLE, 'navigate').rectify(request.recordIds, request.fieldsBySource);
      // Every row found, changed or not: a rerun sets the typed columns again, to the same values.
      const bySource = new Map<string, string[]>();
      for (const row of rows) bySource.set(row.sourceId, [...(bySource.get(row.sourceId) ?? []), row.recordId]);
      await this.typedRectifier.rectify(manager, bySource, request.fieldsBySource);
      return { rectified: rows.filter((row) => row.changed).length };
    });
  }

  /** The jsonb rows first, then the typed rows and conflicts: the order the Navigate writer locks them in. */
  private async eraseNavigate(manager: EntityManager, recordIds: readonly string[]): Promise<number> {
    const deleted = await new SubjectRecordTable((sql, parameters) => manager.query(sql, parameters), NAVIGATE_TABLE, 'navigate').erase(recordIds);
    await this.typedEraser.erase(manager, recordIds);
    return deleted;
  }
}
