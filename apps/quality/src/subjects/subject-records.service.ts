import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SubjectRecordEraseRequest, SubjectRecordEraseResult, SubjectRecordSearchRequest, SubjectRecordSearchResult } from '@atlas/contracts';
import { SubjectRecordTable } from '@atlas/database';
import type { SubjectRecordStore } from '@atlas/platform';

/**
 * A data subject's quarantined records (protected payloads): found by keyed-hash prefixes, vault
 * tokens, identifiers left as written, and the record ids found in Explore; erased by id.
 */
@Injectable()
export class SubjectRecordsService implements SubjectRecordStore {
  private readonly quarantine: SubjectRecordTable;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.quarantine = new SubjectRecordTable((sql, parameters) => dataSource.query(sql, parameters), 'quality.quarantined_records', 'quarantine');
  }

  search(request: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    return this.quarantine.search(request.match, request.includePayloads);
  }

  async erase(request: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    if (request.layer !== 'quarantine') throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'layer_not_here', message: 'The quality service holds the quarantine layer' });
    return { deleted: await this.quarantine.erase(request.recordIds) };
  }
}
