import { BadGatewayException, BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  EXPLORE_DRY_RUN_ROUTES,
  ExploreSampleRecord,
  JudgeProtectedRecordsRequest,
  LatestExploreRecordsResult,
  MAX_EXPLORE_DRY_RUN_BODY_BYTES,
  MAX_EXPLORE_DRY_RUN_RECORDS,
  ProtectRecordsResult,
  SOURCE_ID_PATTERN,
} from '@atlas/contracts';
import { servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);

/** What a dry-run judges: the records the caller posts (relayed as they are), or the source's last N Explore records. */
export type DryRunRequest = { kind: 'records' } | { kind: 'explore'; last: number; sourceId?: string };

const invalid = (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'dry_run_invalid', message });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a dry-run body: `{records: [...], sourceId?}` (the quality service validates the records) or
 * `{explore: {last: N}, sourceId?}` with N from 1 to 1000; one of the two. Messages name the
 * problem, never a value of the body.
 */
export function dryRunRequestOf(body: unknown): DryRunRequest {
  const shape = `The body must be {"records": [...], "sourceId"?: "..."} or {"explore": {"last": 1-${MAX_EXPLORE_DRY_RUN_RECORDS}}, "sourceId"?: "..."}`;
  if (!isObject(body)) throw invalid(shape);
  const hasRecords = Object.hasOwn(body, 'records');
  const hasExplore = Object.hasOwn(body, 'explore');
  if (hasRecords && hasExplore) throw invalid('records and explore exclude each other: send the records to judge, or ask for the last N Explore records');
  if (!hasExplore) {
    if (!hasRecords) throw invalid(shape);
    return { kind: 'records' };
  }
  const unknown = Object.keys(body).filter((key) => key !== 'explore' && key !== 'sourceId');
  if (unknown.length > 0) throw invalid('With explore, the body may only hold explore and sourceId');
  const { explore, sourceId } = body;
  if (!isObject(explore) || Object.keys(explore).some((key) => key !== 'last')) throw invalid('explore must be {"last": N}');
  const last = explore.last;
  if (typeof last !== 'number' || !Number.isInteger(last) || last < 1 || last > MAX_EXPLORE_DRY_RUN_RECORDS) throw invalid(`explore.last must be an integer from 1 to ${MAX_EXPLORE_DRY_RUN_RECORDS}`);
  if (sourceId !== undefined && (typeof sourceId !== 'string' || !SOURCE_ID.test(sourceId))) {
    throw invalid('sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit');
  }
  return { kind: 'explore', last, ...(sourceId !== undefined ? { sourceId: sourceId as string } : {}) };
}

/**
 * The source a dry-run reads: the one named (it must be one of the version's schema objects) or the
 * version's only one. Schema objects not named like a source govern none, so they are not counted.
 */
export function dryRunSourceOf(schemaObjects: readonly string[], requested: string | undefined): string {
  const sourceIds = schemaObjects.filter((name) => SOURCE_ID.test(name));
  const sourceId = requested ?? (sourceIds.length === 1 ? sourceIds[0] : undefined);
  if (sourceId === undefined || !sourceIds.includes(sourceId)) {
    throw invalid(`sourceId must name one of the contract's schema objects: ${sourceIds.map((id) => `"${id}"`).join(', ') || 'none'}`);
  }
  return sourceId;
}

/** JSON text length of each record, in bytes. */
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * The newest records (the list is oldest first) whose JSON fits `budgetBytes` together, keeping room
 * for the request around them; at least the newest. Protected payloads outgrow raw ones (tokens, hashes).
 */
export function newestWithin<T>(records: readonly T[], budgetBytes: number): { kept: T[]; truncated: boolean } {
  let total = 0;
  let first = records.length;
  while (first > 0) {
    const bytes = bytesOf(records[first - 1]) + 1;
    if (first < records.length && total + bytes > budgetBytes) break;
    total += bytes;
    first -= 1;
  }
  return { kept: records.slice(first), truncated: first > 0 };
}

/** Room in quality's body limit for everything but the records. */
const REQUEST_MARGIN_BYTES = 64 * 1024;

/**
 * A dry-run over a source's last N Explore records. Raw records never leave the services
 * unprotected: the connector answers them to the gateway only (service credential), the gateway
 * holds them in memory for one call to pii-detection, which protects them by the source's current
 * policy through the pipeline's own path, and quality judges only the protected records, with
 * their findings, as the stream does. Nothing is stored, published or logged.
 */
@Injectable()
export class ExploreDryRun {
  constructor(private readonly services: InternalServices) {}

  async run(contractId: string, version: string, request: { last: number; sourceId?: string }): Promise<unknown> {
    // The version first (404 when there is none), so nothing is read from Explore for a wrong request.
    const view = (await this.services.quality.call({ path: servicePath`/api/v1/contracts/${contractId}/versions/${version}` })).body as { sources?: Array<{ sourceId: string }> };
    const sourceId = dryRunSourceOf((view.sources ?? []).map((source) => source.sourceId), request.sourceId);
    const latest = (await this.services.connector.call({ method: 'POST', path: `/${EXPLORE_DRY_RUN_ROUTES.latestRecords}`, body: { sourceId, last: request.last } })).body as LatestExploreRecordsResult;
    if (latest.records.length === 0) {
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'explore_records_not_found', message: `Source "${sourceId}" has no records in Explore` });
    }
    const protectedRecords = await this.protect(sourceId, latest.records);
    const { kept, truncated } = newestWithin(protectedRecords, MAX_EXPLORE_DRY_RUN_BODY_BYTES - REQUEST_MARGIN_BYTES);
    const body: JudgeProtectedRecordsRequest = { contractId, version, sourceId, explore: { last: request.last, truncated: latest.truncated || truncated }, records: kept };
    return (await this.services.quality.call({ method: 'POST', path: `/${EXPLORE_DRY_RUN_ROUTES.judgeProtected}`, body })).body;
  }

  /** The records as pii-detection protects them, with their identity and position; the raw payloads are dropped here. */
  private async protect(sourceId: string, records: ExploreSampleRecord[]): Promise<JudgeProtectedRecordsRequest['records']> {
    const body = { sourceId, records: records.map((record) => ({ recordId: record.recordId, payload: record.payload })) };
    const answer = (await this.services.piiDetection.call({ method: 'POST', path: `/${EXPLORE_DRY_RUN_ROUTES.protectRecords}`, body })).body as ProtectRecordsResult;
    const protectedRecords = answer.records ?? [];
    if (protectedRecords.length !== records.length || protectedRecords.some((record, index) => record.recordId !== records[index].recordId)) {
      throw new BadGatewayException({ statusCode: 502, error: 'Bad Gateway', code: 'upstream_failed', message: 'The pii-detection service answered other records than it was sent' });
    }
    const protection = (index: number) => ({ policyId: answer.policyId, policyVersion: answer.policyVersion, findings: protectedRecords[index].findings });
    return records.map(({ recordId, runId, position, ingestedAt }, index) => ({ recordId, runId, position, ingestedAt, payload: protectedRecords[index].payload, protection: protection(index) }));
  }
}
