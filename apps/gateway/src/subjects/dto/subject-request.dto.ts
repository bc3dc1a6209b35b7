import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Corrections, IsCorrections, LIST_SORTS, ListSort, MAX_CORRECTION_LENGTH, MAX_RECTIFIED_FIELDS } from '@atlas/contracts';
import { CursorPageQuery, SortQuery } from '@atlas/platform';
import { ERASURE_STEPS } from '../erasure-steps';
import { RECTIFICATION_STEPS } from '../rectification-steps';
import { IDENTIFIER_TYPES, IdentifierType } from '../subject-identifier';
import { FoundCounts, SubjectAuditRow, SubjectRequestRow, SubjectRequestStatus, SubjectRequestType } from '../subject-requests.repository';

export const SUBJECT_REQUEST_TYPES = ['access', 'erasure', 'rectification'] as const;

const EMAIL = /^[^\s@"<>()[\]\\,;:]{1,64}@[^\s@"<>()[\]\\,;:]{1,253}$/;
const PHONE = /^\+?[0-9][0-9 ().-]{5,30}$/;

export class CreateSubjectRequestBody {
  @ApiProperty({
    enum: SUBJECT_REQUEST_TYPES,
    description: 'access: find and export (needs pii:reveal too); erasure: find and erase; rectification: find and set the fields of `corrections` in every record that has them',
  })
  @IsIn(SUBJECT_REQUEST_TYPES, { message: `type must be one of ${SUBJECT_REQUEST_TYPES.join(', ')}` })
  type: SubjectRequestType;

  @ApiProperty({ enum: IDENTIFIER_TYPES })
  @IsIn(IDENTIFIER_TYPES, { message: `identifierType must be one of ${IDENTIFIER_TYPES.join(', ')}` })
  identifierType: IdentifierType;

  @ApiProperty({ minLength: 3, maxLength: 254, description: 'The e-mail address, phone number or other identifier. Personal data: stored only as a keyed hash, never echoed.' })
  @MinLength(3, { message: 'identifier must be at least 3 characters' })
  @MaxLength(254, { message: 'identifier must be at most 254 characters' })
  @IsString({ message: 'identifier must be a string' })
  identifier: string;

  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Why (the legal basis, a ticket); must not contain the identifier' })
  @IsString({ message: 'reason must be a string' })
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string', maxLength: MAX_CORRECTION_LENGTH }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] },
    maxProperties: MAX_RECTIFIED_FIELDS,
    minProperties: 1,
    example: { name: 'Erin Rectified' },
    description:
      `rectification only (required there): top-level field → new value (at most ${MAX_RECTIFIED_FIELDS} fields; a string at most ${MAX_CORRECTION_LENGTH} characters). ` +
      'Explore records take the value; Navigate and quarantine records take it as the source’s policy protects it. Personal data: never echoed or logged; ' +
      'kept sealed to the vault key until the request completes, and only the field names are stored and audited.',
  })
  @IsOptional()
  @IsCorrections()
  corrections?: Corrections;
}

/** The shape an identifier of its type must have, or the problem with it. */
export function identifierProblem(type: IdentifierType, value: string): string | undefined {
  const trimmed = value.trim();
  if ([...value].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)) return 'identifier must not contain control characters';
  if (trimmed.length < 3) return 'identifier must be at least 3 characters besides spaces';
  if (type === 'email' && !EMAIL.test(trimmed)) return 'identifier must be an e-mail address';
  if (type === 'phone' && !(PHONE.test(trimmed) && trimmed.replace(/\D/g, '').length >= 6)) {
    return 'identifier must be a phone number (at least 6 digits, an optional +, spaces, dots, dashes, brackets)';
  }
  return undefined;
}

export class SubjectRequestParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class FoundCountsResponse implements FoundCounts {
  @ApiProperty() explore: number;
  @ApiProperty() navigate: number;
  @ApiProperty() quarantine: number;
  @ApiProperty() vaultTokens: number;
  @ApiProperty({ description: 'More records matched than one request handles (10,000 per table): run another request' }) truncated: boolean;
}

export class SubjectRequestStepResponse {
  @ApiProperty({ enum: [...ERASURE_STEPS, ...RECTIFICATION_STEPS] }) step: string;
  @ApiProperty({ enum: ['done', 'pending'] }) state: 'done' | 'pending';
  @ApiPropertyOptional({ description: 'Rows deleted or rectified, or tokens shredded' }) count?: number;
  @ApiPropertyOptional() at?: string;
}

export class SubjectRequestResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SUBJECT_REQUEST_TYPES }) type: SubjectRequestType;
  @ApiProperty({ enum: IDENTIFIER_TYPES }) identifierType: IdentifierType;
  @ApiProperty({ description: 'Keyed HMAC-SHA256 of the normalised identifier (the identifier itself is never stored)' }) identifierHash: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['in_progress', 'completed'] }) status: SubjectRequestStatus;
  @ApiProperty() requestedBy: string;
  @ApiProperty({ type: FoundCountsResponse }) found: FoundCountsResponse;
  @ApiProperty({ type: [String], description: 'The fields a rectification corrects (names only; empty for the other types)' }) fields: string[];
  @ApiProperty({ type: [SubjectRequestStepResponse], description: 'Erasure or rectification steps in order (empty for access)' }) steps: SubjectRequestStepResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Why the last run stopped (the request resumes at its step)' }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: '30 days after creation' }) dueAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

export class SubjectAuditEntryResponse implements SubjectAuditRow {
  @ApiProperty() at: string;
  @ApiProperty({ description: 'user:<id>, api-key:<id>, environment-key:<fingerprint> or system' }) actor: string;
  @ApiProperty({ example: 'subject-request.created' }) action: string;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) outcome: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Names and counts, never a value' }) details: Record<string, unknown>;
}

export class SubjectRequestDetailResponse extends SubjectRequestResponse {
  @ApiProperty({ type: [SubjectAuditEntryResponse], description: 'The audit entries of this request, oldest first' }) auditTrail: SubjectAuditEntryResponse[];
}

/** Requests by creation time then id (the unique key), newest first by default. */
export class SubjectRequestsQuery extends CursorPageQuery {
  @SortQuery(LIST_SORTS.subjectRequests)
  sort: ListSort<'subjectRequests'> = LIST_SORTS.subjectRequests[0];
}

export class SubjectRequestPage {
  @ApiProperty({ type: [SubjectRequestResponse] }) items: SubjectRequestResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const STEPS_OF: Partial<Record<SubjectRequestType, readonly string[]>> = { erasure: ERASURE_STEPS, rectification: RECTIFICATION_STEPS };

export function subjectRequestResponse(row: SubjectRequestRow): SubjectRequestResponse {
  return {
    id: row.id,
    type: row.type,
    identifierType: row.identifierType,
    identifierHash: row.identifierHash,
    reason: row.reason,
    status: row.status,
    requestedBy: row.requestedBy,
    found: row.found,
    fields: row.rectifiedFields,
    steps: (STEPS_OF[row.type] ?? []).map((step) => {
      const outcome = row.steps[step];
      return outcome ? { step, state: 'done' as const, count: outcome.count, at: outcome.at } : { step, state: 'pending' as const };
    }),
    lastError: row.lastError,
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    completedAt: row.completedAt,
  };
}
