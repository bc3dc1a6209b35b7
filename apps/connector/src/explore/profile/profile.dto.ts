import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';
import { INFERRED_TYPES } from './value-inference';

export class ProfileParams {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"' })
  sourceId: string;
}

export class ProfileQuery {
  @ApiProperty({ required: false, format: 'uuid', description: "A run of the source; by default its latest profiled run" })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'runId must be a UUID' })
  runId?: string;
}

export class RangeResponse {
  @ApiProperty() min: number;
  @ApiProperty() max: number;
}

export class TopValueResponse {
  @ApiProperty({ required: false, description: 'The value itself: only booleans, numbers under 1,000,000 and upper-case codes of 1-3 letters' })
  value?: string;
  @ApiProperty({ required: false, example: 'Aaaaa', description: 'The shape of other values: A upper-case letter, a other letter, 9 digit; punctuation kept' })
  shape?: string;
  @ApiProperty({ required: false, enum: ['object', 'array'] })
  kind?: string;
  @ApiProperty({ description: 'Occurrences, at most: the value occurred between count − error and count times (mergeable space-saving sketch)' })
  count: number;
  @ApiProperty({ description: 'How much count may overstate; 0 (exact) while the field has fewer than 64 distinct top-value keys' })
  error: number;
}

export class FieldProfileResponse {
  @ApiProperty() name: string;
  @ApiProperty({ enum: [...INFERRED_TYPES, 'mixed'], description: 'integer+number is number, date+datetime is datetime, scalars of several types are string' })
  inferredType: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { integer: 2990, string: 10 } })
  types: Record<string, number>;
  @ApiProperty({ description: 'Records holding the field (null included)' }) present: number;
  @ApiProperty({ description: 'Records without the field' }) missing: number;
  @ApiProperty() nulls: number;
  @ApiProperty({ description: '(nulls + missing) / records' }) nullRate: number;
  @ApiProperty({ description: 'Empty or white-space strings' }) blanks: number;
  @ApiProperty({ description: 'HyperLogLog estimate (2^14 registers, standard error 0.81 %), at most the non-null count' }) distinctEstimate: number;
  @ApiProperty({ type: RangeResponse, nullable: true }) numberRange: RangeResponse | null;
  @ApiProperty({ description: 'A number of 1,000,000 or more (an identifier?) was seen: the range is not kept' }) numberRangeWithheld: boolean;
  @ApiProperty({ type: RangeResponse, nullable: true, description: 'Years of dates and datetimes (days are not kept)' }) yearRange: RangeResponse | null;
  @ApiProperty({ type: RangeResponse, nullable: true, description: 'Lengths of the string values' }) lengthRange: RangeResponse | null;
  @ApiProperty({ type: TopValueResponse, isArray: true, description: 'Most frequent first, at most 20; only values the sketch guarantees at least twice' }) topValues: TopValueResponse[];
  @ApiProperty({ description: 'No value outside topValues occurred more often than this (0 when topValues lists every value exactly)' }) otherTopValuesAtMost: number;
}

export class RunProfileResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ description: 'Records landed in Explore by the run' }) records: number;
  @ApiProperty({ description: 'Top-level fields profiled per run at most' }) maxFields: number;
  @ApiProperty({ description: 'Some field was not profiled: the run had more than maxFields fields' }) fieldLimitReached: boolean;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: FieldProfileResponse, isArray: true }) fields: FieldProfileResponse[];
}

export class ColumnHintResponse {
  @ApiProperty() field: string;
  @ApiProperty({ example: 'EMAIL_ADDRESS', description: "A pii-detection entity type: EMAIL_ADDRESS, URL, IP_ADDRESS, DATE_TIME or PHONE_NUMBER" })
  entityType: string;
  @ApiProperty({ example: 1, description: 'Share of the values with content (not null, not blank) guaranteed to be of this kind' })
  share: number;
}

export class ColumnHintsResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() records: number;
  @ApiProperty({ description: 'A field is hinted when at least this share of its values is of the kind' }) minShare: number;
  @ApiProperty({ type: ColumnHintResponse, isArray: true, description: 'Hinted fields only, by field name' }) hints: ColumnHintResponse[];
}
