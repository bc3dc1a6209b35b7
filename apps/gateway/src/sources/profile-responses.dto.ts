import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The connector's run profiles as the gateway relays them (apps/connector/src/explore/profile). */
export class ProfileRangeResponse {
  @ApiProperty() min: number;
  @ApiProperty() max: number;
}

export class ProfileTopValueResponse {
  @ApiPropertyOptional({ description: 'The value itself: only booleans, numbers under 1,000,000 and upper-case codes of 1-3 letters' }) value?: string;
  @ApiPropertyOptional({ example: 'Aaaaa', description: 'The shape of other values: A upper-case letter, a other letter, 9 digit; punctuation kept' }) shape?: string;
  @ApiPropertyOptional({ enum: ['object', 'array'] }) kind?: string;
  @ApiProperty({ description: 'Occurrences, at most: the value occurred between count − error and count times' }) count: number;
  @ApiProperty({ description: 'How much count may overstate' }) error: number;
}

export class FieldProfileResponse {
  @ApiProperty() name: string;
  @ApiProperty({ example: 'string', description: 'string, integer, number, boolean, date, datetime, object, array, null or mixed' }) inferredType: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Values seen per inferred type', example: { integer: 2990, string: 10 } })
  types: Record<string, number>;
  @ApiProperty({ description: 'Records holding the field (null included)' }) present: number;
  @ApiProperty({ description: 'Records without the field' }) missing: number;
  @ApiProperty() nulls: number;
  @ApiProperty({ description: '(nulls + missing) / records' }) nullRate: number;
  @ApiProperty({ description: 'Empty or white-space strings' }) blanks: number;
  @ApiProperty({ description: 'HyperLogLog estimate, at most the non-null count' }) distinctEstimate: number;
  @ApiProperty({ type: ProfileRangeResponse, nullable: true }) numberRange: ProfileRangeResponse | null;
  @ApiProperty({ description: 'A number of 1,000,000 or more (an identifier?) was seen: the range is not kept' }) numberRangeWithheld: boolean;
  @ApiProperty({ type: ProfileRangeResponse, nullable: true, description: 'Years of dates and datetimes' }) yearRange: ProfileRangeResponse | null;
  @ApiProperty({ type: ProfileRangeResponse, nullable: true, description: 'Lengths of the string values' }) lengthRange: ProfileRangeResponse | null;
  @ApiProperty({ type: [ProfileTopValueResponse], description: 'Most frequent first, at most 20' }) topValues: ProfileTopValueResponse[];
  @ApiProperty({ description: 'No value outside topValues occurred more often than this' }) otherTopValuesAtMost: number;
}

export class RunProfileResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ description: 'Records landed in Explore by the run' }) records: number;
  @ApiProperty({ description: 'Top-level fields profiled per run at most' }) maxFields: number;
  @ApiProperty({ description: 'Some field was not profiled: the run had more than maxFields fields' }) fieldLimitReached: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [FieldProfileResponse] }) fields: FieldProfileResponse[];
}

export class ColumnHintResponse {
  @ApiProperty() field: string;
  @ApiProperty({ example: 'EMAIL_ADDRESS', description: 'A pii-detection entity type: EMAIL_ADDRESS, URL, IP_ADDRESS, DATE_TIME or PHONE_NUMBER' }) entityType: string;
  @ApiProperty({ example: 1, description: 'Share of the values with content guaranteed to be of this kind' }) share: number;
}

export class ColumnHintsResponse {
  @ApiProperty() sourceId: string;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty() records: number;
  @ApiProperty({ description: 'A field is hinted when at least this share of its values is of the kind' }) minShare: number;
  @ApiProperty({ type: [ColumnHintResponse], description: 'Hinted fields only, by field name' }) hints: ColumnHintResponse[];
}

export class SuggestedPropertyResponse {
  @ApiProperty() name: string;
  @ApiPropertyOptional({ example: 'string', description: 'ODCS logical type' }) logicalType?: string;
  @ApiPropertyOptional() required?: boolean;
  @ApiPropertyOptional() unique?: boolean;
  @ApiPropertyOptional() primaryKey?: boolean;
  @ApiPropertyOptional() primaryKeyPosition?: number;
}

export class SuggestedSchemaObjectResponse {
  @ApiProperty({ description: 'The source id' }) name: string;
  @ApiProperty({ type: [SuggestedPropertyResponse] }) properties: SuggestedPropertyResponse[];
}

export class SuggestedContractDescriptionResponse {
  @ApiProperty() purpose: string;
}

/** A draft ODCS v3.1 contract read off a profile: valid as it is for POST /api/v1/contracts. */
export class ContractSuggestionResponse {
  @ApiProperty({ enum: ['v3.1.0'] }) apiVersion: 'v3.1.0';
  @ApiProperty({ enum: ['DataContract'] }) kind: 'DataContract';
  @ApiProperty() id: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: ['draft'] }) status: 'draft';
  @ApiProperty({ type: SuggestedContractDescriptionResponse }) description: SuggestedContractDescriptionResponse;
  @ApiProperty({ type: [SuggestedSchemaObjectResponse] }) schema: SuggestedSchemaObjectResponse[];
}
