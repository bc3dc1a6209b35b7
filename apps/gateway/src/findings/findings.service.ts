import { Injectable } from '@nestjs/common';
import { PiiFindingsMessage } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { FindingCount, PiiFindingRepository } from './pii-finding.repository';

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

  report(filter: { sourceId?: string; runId?: string }): Promise<FindingCount[]> {
    return this.repository.countBySourceFieldAndType(filter);
  }
}
