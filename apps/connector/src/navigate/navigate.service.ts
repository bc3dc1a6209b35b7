import { Injectable } from '@nestjs/common';
import { ChartRecordEnvelope, LINEAGE_JOBS, maskedByTopLevelField, TOPICS } from '@atlas/contracts';
import { RecordBatch, StageDefinition, StageRunLineage } from '@atlas/kafka';
import { sourceLabel, traceIdOf } from '@atlas/observability';
import { NavigateRecordRepository } from './navigate-record.repository';
import { navigateTypedConflictsTotal } from './typed/typed-navigate.metrics';
import { TypedNavigateWriter } from './typed/typed-navigate.writer';
import { countUnmaskedPii } from './unmasked-pii-canary';

/** The Navigate stage in lineage: Chart in, the Navigate table out, which says which of its columns hold protected values. */
export const NAVIGATE_STAGE: StageDefinition = {
  jobName: LINEAGE_JOBS.CONNECTOR_NAVIGATE,
  inputTopic: TOPICS.CHART_RECORDS,
  inputs: [{ topic: TOPICS.CHART_RECORDS }],
  outputs: [{ table: 'connector.navigate_records' }],
  columnLineageInput: { topic: TOPICS.CHART_RECORDS },
};

/** Sink side of the connector: writes Chart records into the Navigate table in Postgres. */
@Injectable()
export class NavigateService {
  constructor(
    private readonly repository: NavigateRecordRepository,
    private readonly stageRuns: StageRunLineage,
    private readonly typedWriter: TypedNavigateWriter,
  ) {
    stageRuns.registerStage(NAVIGATE_STAGE);
  }

  async writeBatch(batch: RecordBatch<ChartRecordEnvelope>): Promise<void> {
    const rows = batch.messages.map(({ value: record, traceContext }) => ({
        recordId: record.recordId,
        sourceId: record.sourceId,
        runId: record.runId,
        positionIndex: record.position.index,
        payload: record.payload,
        policyId: record.protection.policyId,
        policyVersion: record.protection.policyVersion,
        contractId: record.quality.contractId,
        contractVersion: record.quality.contractVersion,
        traceId: traceIdOf(traceContext) ?? null,
        sourceLocation: record.position.location ?? null,
      }));
    // The jsonb rows (provenance, subject requests) and the typed tables commit together.
    const typed = await this.repository.inTransaction(async (manager) => {
      await this.repository.insertIgnoringDuplicates(rows, manager);
      return this.typedWriter.write(manager, batch.messages.map(({ value }) => value));
    });
    batch.whenProcessed(() => {
      countUnmaskedPii(batch.messages.map(({ value }) => value));
      for (const [sourceId, count] of typed.conflictsBySource) navigateTypedConflictsTotal.inc({ source: sourceLabel(sourceId) }, count);
    });
    await this.stageRuns.recordHandled(
      NAVIGATE_STAGE,
      batch.messages.map(({ value: record, traceContext }) => ({
        runId: record.runId,
        sourceId: record.sourceId,
        index: record.position.index,
        outcome: 'passed',
        maskedFields: maskedByTopLevelField([{ payload: record.payload, findings: record.protection.findings }]),
        maskingPolicy: { policyId: record.protection.policyId, policyVersion: record.protection.policyVersion },
        traceContext,
      })),
    );
  }
}
