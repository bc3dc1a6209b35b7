import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

const QUARANTINE_TABLE = 'quality.quarantined_records';
/** The quarantine keeps each record's envelope (without payload) for replays: its checksum follows the rectified payload. */
const QUARANTINE_SHAPE = { envelopeColumn: true };
const layerNotHere = () => new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'layer_not_here', message: 'The quality service holds the quarantine layer' });

/**
 * A data subject's quarantined records (protected payloads): found by keyed-hash prefixes, vault
 * tokens, identifiers left as written, and the record ids found in Explore; erased and rectified by id.
 */
@Injectable()
export class SubjectRecordsService implements SubjectRecordStore {
  private readonly quarantine: SubjectRecordTable;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.quarantine = new SubjectRecordTable((sql, parameters) => dataSource.query(sql, parameters), QUARANTINE_TABLE, 'quarantine', QUARANTINE_SHAPE);
  }

  search(request: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    return this.quarantine.search(request.match, request.includePayloads);
  }

  async erase(request: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    if (request.layer !== 'quarantine') throw layerNotHere();
    return { deleted: await this.quarantine.erase(request.recordIds) };
  }

  /** Sets the protected values in the quarantined payloads (the envelope's checksum recomputed), in one transaction. */
  async rectify(request: SubjectRecordRectifyRequest): Promise<SubjectRecordRectifyResult> {
    if (request.layer !== 'quarantine') throw layerNotHere();
    const rows = await this.dataSource.transaction((manager) =>
      new SubjectRecordTable((sql, parameters) => manager.query(sql, parameters), QUARANTINE_TABLE, 'quarantine', QUARANTINE_SHAPE).rectify(request.recordIds, request.fieldsBySource),
    );
    return { rectified: rows.filter((row) => row.changed).length };
  }
}
