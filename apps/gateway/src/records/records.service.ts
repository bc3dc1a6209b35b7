import { BadRequestException, ConflictException, Injectable, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { computeChecksum, ingestionJobName, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { KafkaPublisher, LineageDatasets, LineagePublisher } from '@atlas/kafka';
import { activeContext, traceIdOf } from '@atlas/observability';
import { GatewayEnvironment } from '../gateway-environment';
import { IngestionRunResponse, PushRecordsResponse } from './dto/push-records-response.dto';
import { IngestionRunRepository } from './ingestion-run.repository';

const RUN_ID_NAMESPACE = '0b7e4a52-6f0e-4d0c-9b8a-3f1f2a9c6d41';
const MAX_LISTED_PROBLEMS = 20;

type JsonObject = Record<string, unknown>;

/** Whether a NUL character appears in any string or key of a JSON value. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, child]) => key.includes('\u0000') || containsNul(child));
  }
  return false;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

@Injectable()
export class RecordsService {
  constructor(
    private readonly environment: GatewayEnvironment,
    private readonly publisher: KafkaPublisher,
    private readonly lineage: LineagePublisher,
    private readonly datasets: LineageDatasets,
    private readonly runs: IngestionRunRepository,
  ) {}

  /**
   * Accepts a JSON array of records as one ingestion run. The request is all or nothing: a body
   * with any non-object element is refused with every bad position named, and nothing is written.
   * With an Idempotency-Key the run and record ids are derived from it, so a retried push
   * produces the same ids and downstream stages store each record once.
   */
  async push(sourceId: string, body: unknown, idempotencyKey?: string): Promise<PushRecordsResponse> {
    const records = this.validateBody(body);
    const runId = idempotencyKey ? uuidv5(`${sourceId}:${idempotencyKey}`, RUN_ID_NAMESPACE) : uuidv7();
    const bodyChecksum = computeChecksum(records);
    const previous = idempotencyKey ? await this.runs.findById(runId) : null;
    if (previous?.bodyChecksum && previous.bodyChecksum !== bodyChecksum) {
      throw new ConflictException('This Idempotency-Key was already used for a different body; use a new key for new records');
    }
    const traceContext = activeContext();
    const traceId = traceIdOf(traceContext);
    const ingestedAt = new Date().toISOString();
    const envelopes: RecordEnvelope[] = records.map((payload, index) => ({
      recordId: uuidv5(`${runId}:${index}`, RUN_ID_NAMESPACE),
      sourceId,
      runId,
      position: { index, total: records.length },
      ingestedAt,
      checksum: computeChecksum(payload),
      payload,
    }));
    // The records go to Kafka first; only then is the run recorded and reported as accepted.
    await this.publisher.publish(
      TOPICS.INGEST_RECORDS,
      envelopes.map((envelope) => ({ key: envelope.recordId, value: envelope, traceContext })),
    );
    await this.runs.saveOnce({
      runId,
      sourceId,
      recordCount: envelopes.length,
      rejectedCount: 0,
      idempotencyKey: idempotencyKey ?? null,
      bodyChecksum,
      traceId: traceId ?? null,
    });
    await this.lineage.publishRootRun({
      jobName: ingestionJobName(sourceId),
      runId,
      recordCount: envelopes.length,
      inputs: [],
      outputs: [this.datasets.topic(TOPICS.INGEST_RECORDS)],
      traceContext,
    });
    return { runId, sourceId, accepted: envelopes.length, replayed: previous !== null, ...(traceId ? { traceId } : {}) };
  }

  async findRun(runId: string): Promise<IngestionRunResponse> {
    const run = await this.runs.findById(runId);
    if (!run) throw new NotFoundException(`No ingestion run ${runId}`);
    return {
      runId: run.runId,
      sourceId: run.sourceId,
      recordCount: run.recordCount,
      acceptedAt: run.acceptedAt.toISOString(),
      ...(run.traceId ? { traceId: run.traceId } : {}),
    };
  }

  private validateBody(body: unknown): JsonObject[] {
    if (!Array.isArray(body)) throw new BadRequestException('The body must be a JSON array of record objects');
    if (body.length === 0) throw new BadRequestException('The body holds no records');
    if (body.length > this.environment.MAX_RECORDS_PER_REQUEST) {
      throw new PayloadTooLargeException(
        `At most ${this.environment.MAX_RECORDS_PER_REQUEST} records per request; split the push into several`,
      );
    }
    const badPositions: number[] = [];
    body.forEach((record, index) => {
      if (!isJsonObject(record)) badPositions.push(index);
    });
    if (badPositions.length > 0) {
      const listed = badPositions.slice(0, MAX_LISTED_PROBLEMS).join(', ');
      const more = badPositions.length > MAX_LISTED_PROBLEMS ? ` and ${badPositions.length - MAX_LISTED_PROBLEMS} more` : '';
      throw new BadRequestException(`Every record must be a JSON object; not at index ${listed}${more}. Nothing was accepted.`);
    }
    // PostgreSQL's jsonb cannot store the NUL character; such a record would block its partition downstream.
    const nulPositions: number[] = [];
    body.forEach((record, index) => {
      if (containsNul(record)) nulPositions.push(index);
    });
    if (nulPositions.length > 0) {
      const listed = nulPositions.slice(0, MAX_LISTED_PROBLEMS).join(', ');
      throw new BadRequestException(`Records may not contain the NUL character (\\u0000); found at index ${listed}. Nothing was accepted.`);
    }
    return body as JsonObject[];
  }
}
