import { Injectable } from '@nestjs/common';
import { PiiFindingsMessage } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { boundedIndexText } from '@atlas/database';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, textKey } from '@atlas/platform';
import { FindingsQuery } from './dto/findings-query.dto';
import { FindingCount, FindingCountKey, PiiFindingRecordRepository } from './pii-finding-record.repository';

const FINDING_COUNT_KEY = textKey(CURSOR_SHAPES.text, CURSOR_SHAPES.text, CURSOR_SHAPES.text);

@Injectable()
export class FindingsService {
  constructor(private readonly repository: PiiFindingRecordRepository) {}

  /**
   * Each record's findings as one row; records without findings store nothing. Field paths and entity
   * types key the counts' index, so they are bounded under the btree row limit (a long path keeps its
   * start and a hash of the whole; see boundedIndexText), in the record's row too.
   */
  async storeBatch(batch: RecordBatch<PiiFindingsMessage>): Promise<void> {
    await this.repository.storeFindings(
      batch.messages
        .filter(({ value: message }) => message.findings.length > 0)
        .map(({ value: message }) => ({
          recordId: message.recordId,
          sourceId: message.sourceId,
          runId: message.runId,
          policyId: message.policyId,
          policyVersion: message.policyVersion,
          detectedAt: new Date(message.detectedAt),
          findings: message.findings.map((finding) => ({
            field: boundedIndexText(finding.field),
            entityType: boundedIndexText(finding.entityType, 200),
            start: finding.start,
            end: finding.end,
            score: finding.score,
            operator: finding.operator,
          })),
        })),
    );
  }

  /** Findings counted per source, field and entity type, a page at a time (`findings:sourceId:<source>:<run>` cursors). */
  async report(query: FindingsQuery): Promise<CursorPage<FindingCount>> {
    const scope = `findings:${query.sort}:${query.sourceId ?? ''}:${query.runId ?? ''}`;
    const after = cursorKey(query.cursor, scope, FINDING_COUNT_KEY) as FindingCountKey | undefined;
    const rows = await this.repository.countBySourceFieldAndType(query, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.sourceId, row.field, row.entityType], (row) => row);
  }
}
