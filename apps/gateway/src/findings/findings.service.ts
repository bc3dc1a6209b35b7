import { Injectable } from '@nestjs/common';
import { PiiFindingsMessage } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, textKey } from '@atlas/platform';
import { FindingsQuery } from './dto/findings-query.dto';
import { FindingCount, FindingCountKey, PiiFindingRepository } from './pii-finding.repository';

const FINDING_COUNT_KEY = textKey(CURSOR_SHAPES.text, CURSOR_SHAPES.text, CURSOR_SHAPES.text);

@Injectable()
export class FindingsService {
  constructor(private readonly repository: PiiFindingRepository) {}

  async storeBatch(batch: RecordBatch<PiiFindingsMessage>): Promise<void> {
    await this.repository.insertIgnoringDuplicates(
      batch.messages.flatMap(({ value: message }) =>
        message.findings.map((finding) => ({
          recordId: message.recordId,
          field: finding.field,
          entityType: finding.entityType,
          startOffset: finding.start,
          endOffset: finding.end,
          sourceId: message.sourceId,
          runId: message.runId,
          score: finding.score,
          operator: finding.operator,
          policyId: message.policyId,
          policyVersion: message.policyVersion,
          detectedAt: new Date(message.detectedAt),
        })),
      ),
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
