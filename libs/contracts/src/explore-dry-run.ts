import { Static, Type } from '@sinclair/typebox';
import { createPayloadValidator } from './payload-validator';
import { JsonObject } from './schema-shapes';
import { PiiFindingSchema, ProtectionSchema, SOURCE_ID_PATTERN, SourcePositionSchema } from './record-envelope';

/**
 * A contract dry-run over a source's last N Explore records. Raw records never leave the services
 * unprotected: the gateway reads them from the connector, has pii-detection protect them by the
 * source's current policy (the pipeline's own RecordProtector), and sends only the protected records,
 * with their findings, to quality, which judges them as the stream does. Nothing is stored or published.
 * Every route needs the service credential (and `contracts:read`, the dry-run's permission); bodies
 * hold raw payloads, so they are never logged.
 */
export const EXPLORE_DRY_RUN_ROUTES = {
  /** connector: the source's most recently stored Explore records, raw, within the byte budget. */
  latestRecords: 'internal/v1/explore/records/latest',
  /** pii-detection: protects records by their source's current policy; publishes nothing. */
  protectRecords: 'internal/v1/protection/records/protect',
  /** quality: judges protected records with a stored contract version; stores nothing. */
  judgeProtected: 'internal/v1/contracts/dry-run/protected',
} as const;

/** Most records one dry-run judges (quality's MAX_DRY_RUN_RECORDS). */
export const MAX_EXPLORE_DRY_RUN_RECORDS = 1000;
/** Raw payload bytes (their JSON text) one dry-run reads from Explore at most: the oldest of the last N are left out beyond it. */
export const MAX_EXPLORE_DRY_RUN_PAYLOAD_BYTES = 2 * 1024 * 1024;
/** The JSON body pii-detection's and quality's dry-run routes accept: protected payloads grow (tokens, hashes). */
export const MAX_EXPLORE_DRY_RUN_BODY_BYTES = 8 * 1024 * 1024;

const RecordId = Type.String({ format: 'uuid' });
const SourceId = Type.String({ pattern: SOURCE_ID_PATTERN });
const Payload = JsonObject();
const Records = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Array(item, { minItems: 1, maxItems: MAX_EXPLORE_DRY_RUN_RECORDS });

export const LatestExploreRecordsRequestSchema = Type.Object(
  { sourceId: SourceId, last: Type.Integer({ minimum: 1, maximum: MAX_EXPLORE_DRY_RUN_RECORDS }) },
  { additionalProperties: false },
);
export type LatestExploreRecordsRequest = Static<typeof LatestExploreRecordsRequestSchema>;

/** An Explore record as a dry-run reads it: its identity and source position, and its raw payload. */
export const ExploreSampleRecordSchema = Type.Object(
  { recordId: RecordId, runId: RecordId, position: SourcePositionSchema, ingestedAt: Type.String({ format: 'date-time' }), payload: Payload },
  { additionalProperties: false },
);
export type ExploreSampleRecord = Static<typeof ExploreSampleRecordSchema>;

export interface LatestExploreRecordsResult {
  /** Oldest first (the order they were stored in); empty when the source has none. */
  records: ExploreSampleRecord[];
  /** Whether the byte budget left out some of the last N (the oldest). */
  truncated: boolean;
}

export const ProtectRecordsRequestSchema = Type.Object(
  { sourceId: SourceId, records: Records(Type.Object({ recordId: RecordId, payload: Payload }, { additionalProperties: false })) },
  { additionalProperties: false },
);
export type ProtectRecordsRequest = Static<typeof ProtectRecordsRequestSchema>;

export interface ProtectRecordsResult {
  policyId: string;
  policyVersion: number;
  /** In the request's order: each payload as the pipeline protects it, and where it changed (never values). */
  records: Array<{ recordId: string; payload: Record<string, unknown>; findings: Static<typeof PiiFindingSchema>[] }>;
}

export const JudgeProtectedRecordsRequestSchema = Type.Object(
  {
    contractId: Type.String({ minLength: 1, maxLength: 128 }),
    version: Type.String({ minLength: 1, maxLength: 64 }),
    sourceId: SourceId,
    /** How many the caller asked for, and whether the byte budget left some out: repeated in the answer. */
    explore: Type.Object({ last: Type.Integer({ minimum: 1, maximum: MAX_EXPLORE_DRY_RUN_RECORDS }), truncated: Type.Boolean() }, { additionalProperties: false }),
    records: Records(
      Type.Object(
        { recordId: RecordId, runId: RecordId, position: SourcePositionSchema, ingestedAt: Type.String({ format: 'date-time' }), payload: Payload, protection: ProtectionSchema },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type JudgeProtectedRecordsRequest = Static<typeof JudgeProtectedRecordsRequestSchema>;

// Problems name the path (`/records/3/recordId must match format "uuid"`), never a value.
export const latestExploreRecordsRequestValidator = createPayloadValidator<LatestExploreRecordsRequest>(LatestExploreRecordsRequestSchema);
export const protectRecordsRequestValidator = createPayloadValidator<ProtectRecordsRequest>(ProtectRecordsRequestSchema);
export const judgeProtectedRecordsRequestValidator = createPayloadValidator<JudgeProtectedRecordsRequest>(JudgeProtectedRecordsRequestSchema);
