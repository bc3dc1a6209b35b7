import { Injectable } from '@nestjs/common';
import {
  computeChecksum,
  LINEAGE_JOBS,
  maskedByTopLevelField,
  PiiFindingsMessage,
  ProtectedRecordEnvelope,
  RecordEnvelope,
  RunRecordCount,
  TOPICS,
} from '@atlas/contracts';
import { HandledRecord, KafkaPublisher, OutgoingMessage, RecordBatch, StageDefinition, StageRunLineage } from '@atlas/kafka';
import { PolicyService } from '../anonymization/policies/policy.service';
import { RecordProtector } from '../structured/record-protector';
import { countFindings } from './protection.metrics';

/** The protection stage in lineage: Explore in, protected records out, masked columns marked. */
export const PROTECT_STAGE: StageDefinition = {
  jobName: LINEAGE_JOBS.PII_PROTECT,
  inputTopic: TOPICS.EXPLORE_RECORDS,
  inputs: [{ topic: TOPICS.EXPLORE_RECORDS }],
  outputs: [{ topic: TOPICS.PROTECTED_RECORDS }],
  columnLineageInput: { topic: TOPICS.EXPLORE_RECORDS },
};

/**
 * The protection stage: each record from Explore is protected by its source's policy; only the
 * protected payload is published on, with the policy version and the findings (types, fields,
 * offsets; never values). Findings are also published on their own topic for reporting.
 */
@Injectable()
export class ProtectionService {
  constructor(
    private readonly protector: RecordProtector,
    private readonly policies: PolicyService,
    private readonly publisher: KafkaPublisher,
    private readonly stageRuns: StageRunLineage,
  ) {
    stageRuns.registerStage(PROTECT_STAGE);
  }

  async protectBatch(batch: RecordBatch<RecordEnvelope>): Promise<void> {
    // Thrown, the batch is retried: better late than protected by the wrong policy.
    if (!this.policies.isLoaded()) await this.policies.refresh();
    const protectedRecords: OutgoingMessage[] = [];
    const findingsMessages: OutgoingMessage[] = [];
    const handled: HandledRecord[] = [];
    const detectedAt = new Date().toISOString();
    const counted: Array<{ sourceId: string; findings: PiiFindingsMessage['findings'] }> = [];
    for (const message of batch.messages) {
      // Long texts take a while: keep the consumer's group session alive between records.
      await batch.keepAlive();
      // Column hints of the connector's profile are priors for this stage only: never passed on.
      const { columnHints, ...record } = message.value;
      if (columnHints) this.protector.adoptProfileHints(record.sourceId, columnHints);
      const policy = this.policies.policyFor(record.sourceId);
      const result = await this.protector.protect(record.sourceId, record.payload, policy);
      const protection = { policyId: policy.policyId, policyVersion: policy.version, findings: result.findings };
      // The raw payload's checksum would let anyone confirm a guessed value; the protected record
      // carries the checksum of what it actually holds.
      const protectedRecord: ProtectedRecordEnvelope = { ...record, payload: result.payload, checksum: computeChecksum(result.payload), protection };
      protectedRecords.push({ key: record.recordId, value: protectedRecord, traceContext: message.traceContext, partitionHint: batch.partition });
      // Lineage names the protected payload's fields: a key holding personal data appears protected.
      handled.push({
        runId: record.runId,
        sourceId: record.sourceId,
        index: record.position.index,
        outcome: 'passed',
        maskedFields: maskedByTopLevelField([{ payload: result.payload, findings: result.findings, removedFields: result.protectedFields }]),
        maskingPolicy: { policyId: policy.policyId, policyVersion: policy.version },
        traceContext: message.traceContext,
      });
      counted.push({ sourceId: record.sourceId, findings: result.findings });
      if (result.findings.length > 0) {
        const findings: PiiFindingsMessage = {
          recordId: record.recordId,
          sourceId: record.sourceId,
          runId: record.runId,
          policyId: policy.policyId,
          policyVersion: policy.version,
          findings: result.findings,
          detectedAt,
        };
        findingsMessages.push({ key: record.recordId, value: findings, traceContext: message.traceContext, partitionHint: batch.partition });
      }
    }
    batch.whenProcessed(() => countFindings(counted));
    // Columns classified in this batch are stored before its offsets can be committed.
    await this.protector.saveClassifications();
    await this.publisher.publish(TOPICS.PROTECTED_RECORDS, protectedRecords);
    await this.publisher.publish(TOPICS.PII_FINDINGS, findingsMessages);
    await this.stageRuns.recordHandled(PROTECT_STAGE, handled);
  }

  /** How many records each run has on the Explore topic. */
  async recordRunCounts(counts: readonly RunRecordCount[]): Promise<void> {
    await this.stageRuns.recordExpected(PROTECT_STAGE, counts);
  }
}
