// Decorator metadata must be loaded whoever imports this first.
import 'reflect-metadata';
import { ArrayMaxSize, IsArray, IsIn, IsUUID, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { SealedValue, sealedValueValidator } from './dead-letter';
import { SOURCE_ID_PATTERN } from './record-envelope';
import { MAX_SUBJECT_RECORDS, SUBJECT_RECORD_LAYERS, SubjectRecordLayer } from './subject-records';

/**
 * Rectification (GDPR Art. 16) of a data subject's records: top-level fields set to new values.
 * The new values are personal data: they travel only in request bodies, are sealed to the vault
 * key while they wait in a request row, and are never part of an error message.
 */
export const SUBJECT_RECTIFICATION_ROUTES = {
  /** connector (Explore, Navigate with its typed tables) and quality (quarantine): sets fields of records by id. */
  rectify: 'internal/v1/subjects/records/rectify',
  /** pii-detection: opens a request's sealed corrections and protects them by each source's policy. */
  protectCorrections: 'internal/v1/subjects/corrections/protect',
} as const;

export const MAX_RECTIFIED_FIELDS = 20;
/** A new value as the requester gives it, in characters. */
export const MAX_CORRECTION_LENGTH = 1000;
/** A protected value (a hash, a token, a ciphertext of a new value) is longer than the value. */
export const MAX_PROTECTED_CORRECTION_LENGTH = 4096;
/** Sources one rectification touches (the subject's records name them). */
export const MAX_RECTIFIED_SOURCES = 100;
/** A top-level field: a name a typed Navigate column can also have. */
export const RECTIFIED_FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
/** Names that are properties of every object: never a field to set. */
const OBJECT_PROPERTIES = new Set(['__proto__', 'constructor', 'prototype']);

export type CorrectionValue = string | number | boolean | null;
/** Field name → new value (or, between the services, its protected form). */
export type Corrections = Record<string, CorrectionValue>;

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
/** A lone UTF-16 surrogate: no JSON text PostgreSQL stores can hold it. */
const LONE_SURROGATE = /\p{Cs}/u;

/** What is wrong with a corrections object (naming fields, never values), or undefined. Linear in its size. */
export function correctionsProblem(value: unknown, maxValueLength = MAX_CORRECTION_LENGTH, name = 'corrections'): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${name} must be an object of field names and new values`;
  const fields = Object.keys(value);
  if (fields.length === 0) return `${name} must name at least one field`;
  if (fields.length > MAX_RECTIFIED_FIELDS) return `${name} must name at most ${MAX_RECTIFIED_FIELDS} fields`;
  for (const field of fields) {
    // A name that is not a field name is not quoted: it might be a value typed in the wrong place.
    if (!RECTIFIED_FIELD_NAME.test(field) || OBJECT_PROPERTIES.has(field)) {
      return `${name} has a field name that is not a top-level field (letters, digits, _ and -, starting with a letter or _, at most 63)`;
    }
    const correction = (value as Record<string, unknown>)[field];
    if (typeof correction === 'string') {
      if (correction.length > maxValueLength) return `${name}.${field} must be at most ${maxValueLength} characters`;
      if (NUL.test(correction)) return `${name}.${field} must not contain a NUL character`;
      if (LONE_SURROGATE.test(correction)) return `${name}.${field} must be well-formed Unicode (no lone surrogate)`;
    } else if (typeof correction === 'number') {
      if (!Number.isFinite(correction)) return `${name}.${field} must be a finite number`;
    } else if (typeof correction !== 'boolean' && correction !== null) {
      return `${name}.${field} must be a string, a number, a boolean or null`;
    }
  }
  return undefined;
}

/** A property holding corrections (see correctionsProblem). */
export function IsCorrections(maxValueLength = MAX_CORRECTION_LENGTH): PropertyDecorator {
  return ValidateBy({
    name: 'isCorrections',
    validator: {
      validate: (value: unknown) => correctionsProblem(value, maxValueLength) === undefined,
      defaultMessage: (argumentsOf?: ValidationArguments) => correctionsProblem(argumentsOf?.value, maxValueLength, argumentsOf?.property) ?? 'corrections are invalid',
    },
  });
}

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);

/** What is wrong with protected corrections per source id, or undefined. */
export function correctionsBySourceProblem(value: unknown, name = 'fieldsBySource'): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${name} must be an object of source ids and fields`;
  const sources = Object.keys(value);
  if (sources.length > MAX_RECTIFIED_SOURCES) return `${name} must name at most ${MAX_RECTIFIED_SOURCES} sources`;
  for (const sourceId of sources) {
    if (!SOURCE_ID.test(sourceId)) return `${name} has a key that is not a source id`;
    const problem = correctionsProblem((value as Record<string, unknown>)[sourceId], MAX_PROTECTED_CORRECTION_LENGTH, `${name}.${sourceId}`);
    if (problem) return problem;
  }
  return undefined;
}

/** The additional data a request's sealed corrections are bound to: they open for that request only. */
export function rectificationBinding(requestId: string): string {
  return `subject-rectification:${requestId}`;
}

/**
 * Sets fields of records by id, with each record's source's values (Explore: the new values as
 * given; Navigate and quarantine: as that source's policy protects them). A field is set only in
 * the records that have it; setting the same values again changes nothing.
 */
export class SubjectRecordRectifyRequest {
  @IsIn(SUBJECT_RECORD_LAYERS)
  layer: SubjectRecordLayer;

  @IsArray()
  @ArrayMaxSize(MAX_SUBJECT_RECORDS)
  @IsUUID('all', { each: true })
  recordIds: string[];

  @ValidateBy({
    name: 'isCorrectionsBySource',
    validator: { validate: (value: unknown) => correctionsBySourceProblem(value) === undefined, defaultMessage: (argumentsOf?: ValidationArguments) => correctionsBySourceProblem(argumentsOf?.value) ?? 'fieldsBySource is invalid' },
  })
  fieldsBySource: Record<string, Corrections>;
}

export interface SubjectRecordRectifyResult {
  /** Records whose stored payload changed. */
  rectified: number;
}

export class ProtectCorrectionsRequest {
  @IsUUID('all')
  requestId: string;

  @ValidateBy({ name: 'isSealedValue', validator: { validate: (value: unknown) => sealedValueValidator.validate(value).valid, defaultMessage: () => 'sealed must be a sealed value' } })
  sealed: SealedValue;

  @IsArray()
  @ArrayMaxSize(MAX_RECTIFIED_SOURCES)
  @Matches(SOURCE_ID, { each: true, message: 'each source id must be a source id' })
  sourceIds: string[];
}

export interface ProtectCorrectionsResult {
  /** The new values as the requester gave them (for Explore). */
  corrections: Corrections;
  /** Per source: the fields as its policy protects them (a field the policy drops is absent). */
  protectedBySource: Record<string, Corrections>;
}
