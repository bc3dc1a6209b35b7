import { Static, Type } from '@sinclair/typebox';
import { nestsDeeperThan } from './checksum';
import { ContractDatasetSchema } from './contract-dataset';
import { createPayloadValidator, PayloadValidator } from './payload-validator';
import { ProfileColumnHintsSchema } from './profile-column-hints';
import { JsonObject } from './schema-shapes';

/**
 * Deepest nesting of objects and arrays a record payload may have (the payload object is level 1).
 * Real records nest a few levels; the bound keeps every recursive walker far from the stack limit
 * and PostgreSQL's jsonb parser from its own depth limit. The gateway refuses deeper records at the
 * door; consumers dead-letter them as contract violations.
 */
export const MAX_PAYLOAD_DEPTH = 128;

/** Source ids appear in topic keys, table rows and URLs, so they are kept to a safe alphabet. */
export const SOURCE_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';

/** Longest source location; file names are cut to keep it (see `boundedLocation`). */
export const MAX_LOCATION_LENGTH = 512;

export const SourcePositionSchema = Type.Object(
  {
    /** Zero-based index of the record within its ingestion run (request body, file, table read). */
    index: Type.Integer({ minimum: 0 }),
    /** Number of records in the run, when the source knows it. */
    total: Type.Optional(Type.Integer({ minimum: 1 })),
    /**
     * Where the record was read in its source, e.g. `kafka:atlas.raw.records.v1/2/1234`
     * (topic/partition/offset) or `file:people.csv:17` (file and line). Absent for REST pushes,
     * whose position is the index in the request body.
     */
    location: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_LOCATION_LENGTH })),
  },
  { additionalProperties: false },
);

export const PiiFindingSchema = Type.Object(
  {
    /** JSON path of the field, e.g. `contact.email`; never the value. */
    field: Type.String({ minLength: 1 }),
    entityType: Type.String({ minLength: 1 }),
    start: Type.Integer({ minimum: 0 }),
    end: Type.Integer({ minimum: 0 }),
    score: Type.Number({ minimum: 0, maximum: 1 }),
    operator: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const ProtectionSchema = Type.Object(
  {
    policyId: Type.String({ minLength: 1 }),
    policyVersion: Type.Integer({ minimum: 1 }),
    findings: Type.Array(PiiFindingSchema),
  },
  { additionalProperties: false },
);

export const QualityVerdictSchema = Type.Object(
  {
    contractId: Type.String({ minLength: 1 }),
    contractVersion: Type.String({ minLength: 1 }),
    valid: Type.Boolean(),
    /** The dataset's columns and primary key in that contract version (absent from records published before it was carried). */
    dataset: Type.Optional(ContractDatasetSchema),
  },
  { additionalProperties: false },
);

const envelopeProperties = {
  recordId: Type.String({ format: 'uuid' }),
  sourceId: Type.String({ pattern: SOURCE_ID_PATTERN }),
  runId: Type.String({ format: 'uuid' }),
  position: SourcePositionSchema,
  ingestedAt: Type.String({ format: 'date-time' }),
  /**
   * sha256 (hex) of the payload's canonical JSON: computed where the record entered Atlas, and
   * recomputed by pii-detection for the protected payload (a raw checksum would leak guessable values).
   */
  checksum: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  payload: JsonObject(),
};

/**
 * A record as it enters Atlas and travels through the Explore layer. `columnHints`: on the Explore
 * topic only, on the first record of each run in an Explore batch, what the profile of that batch
 * says about the run's fields (pii-detection reads it as prior evidence and does not pass it on).
 */
export const RecordEnvelopeSchema = Type.Object({ ...envelopeProperties, columnHints: Type.Optional(ProfileColumnHintsSchema) }, { additionalProperties: false });
export type RecordEnvelope = Static<typeof RecordEnvelopeSchema>;

/** A record whose payload has been protected by a PII policy. */
export const ProtectedRecordEnvelopeSchema = Type.Object(
  { ...envelopeProperties, protection: ProtectionSchema },
  { additionalProperties: false },
);
export type ProtectedRecordEnvelope = Static<typeof ProtectedRecordEnvelopeSchema>;

/** A protected record that passed its data contract (the Chart layer). */
export const ChartRecordEnvelopeSchema = Type.Object(
  { ...envelopeProperties, protection: ProtectionSchema, quality: QualityVerdictSchema },
  { additionalProperties: false },
);
export type ChartRecordEnvelope = Static<typeof ChartRecordEnvelopeSchema>;

export type PiiFinding = Static<typeof PiiFindingSchema>;
export type Protection = Static<typeof ProtectionSchema>;
export type SourcePosition = Static<typeof SourcePositionSchema>;

/** Findings of one record, published for reporting; carries no payload and no values. */
export const PiiFindingsMessageSchema = Type.Object(
  {
    recordId: Type.String({ format: 'uuid' }),
    sourceId: Type.String({ pattern: SOURCE_ID_PATTERN }),
    runId: Type.String({ format: 'uuid' }),
    policyId: Type.String({ minLength: 1 }),
    policyVersion: Type.Integer({ minimum: 1 }),
    findings: Type.Array(PiiFindingSchema),
    detectedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type PiiFindingsMessage = Static<typeof PiiFindingsMessageSchema>;

/** The schema check, then the payload depth (JSON Schema cannot bound depth without recursing). */
function envelopeValidator<T extends { payload: Record<string, unknown> }>(schema: object): PayloadValidator<T> {
  const schemaValidator = createPayloadValidator<T>(schema);
  return {
    validate(value: unknown) {
      const result = schemaValidator.validate(value);
      if (result.valid && nestsDeeperThan(result.value.payload, MAX_PAYLOAD_DEPTH)) {
        return { valid: false, reason: `/payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels` };
      }
      return result;
    },
  };
}

export const recordEnvelopeValidator = envelopeValidator<RecordEnvelope>(RecordEnvelopeSchema);
export const protectedRecordEnvelopeValidator = envelopeValidator<ProtectedRecordEnvelope>(ProtectedRecordEnvelopeSchema);
export const chartRecordEnvelopeValidator = envelopeValidator<ChartRecordEnvelope>(ChartRecordEnvelopeSchema);
/**
 * A raw record as an external producer writes it to atlas.raw.records.v1: any JSON object. Its
 * limits (size, depth, characters) are checked by the connector, which names the one broken.
 */
export const RawRecordSchema = JsonObject();
export type RawRecord = Static<typeof RawRecordSchema>;
export const rawRecordValidator = createPayloadValidator<RawRecord>(RawRecordSchema);

export const piiFindingsMessageValidator = createPayloadValidator<PiiFindingsMessage>(PiiFindingsMessageSchema);
