import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

// pii-detection's own bounds, checked here first so a malformed request never leaves the gateway.
const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
const SOURCE_ID_MESSAGE = 'sourceId must be 1-63 lowercase letters, digits, "_" or "-"';

export class ColumnParams {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN })
  @Matches(SOURCE_ID, { message: SOURCE_ID_MESSAGE })
  sourceId: string;

  @ApiProperty({ example: 'contact.email', description: 'The field path as GET /api/v1/pii/classifications reports it (URL-encoded)' })
  @IsString()
  @Length(1, 4096, { message: 'field must be a field path of 1-4096 characters, as GET /api/v1/pii/classifications reports it' })
  field: string;
}

export class PolicyParams {
  @ApiProperty({ example: 'people-policy', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'policyId must be 1-63 lowercase letters, digits, "_" or "-"' })
  policyId: string;
}

export class PolicyVersionParams extends PolicyParams {
  @ApiProperty({ example: 2, minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  @Max(2147483647, { message: 'version must be at most 2147483647' })
  version: number;
}

export class LanguageQuery {
  @ApiPropertyOptional({ example: 'en' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  language?: string;
}

/** Documentation of the bodies pii-detection validates (it names every problem). */
export const CLASSIFICATION_BODY = {
  description: '{class, entityType?}: personal (with the entityType every value is protected as), free_text, identifier or non_personal',
  schema: { type: 'object', required: ['class'], properties: { class: { type: 'string', example: 'personal' }, entityType: { type: 'string', example: 'EMAIL_ADDRESS' } } },
};

export const POLICY_BODY = {
  description: '{sourceId, rules: {ENTITY_TYPE|DEFAULT: {operator, params?}}, fieldRules?, description?}: every PUT adds a version',
  schema: { type: 'object', required: ['sourceId', 'rules'], properties: { sourceId: { type: 'string' }, rules: { type: 'object' }, fieldRules: { type: 'object' }, description: { type: 'string' } } },
};

export const ANALYZE_BODY = {
  description: "Presidio's analyzer request: {text (or a list of texts), language, entities?, score_threshold?, return_decision_process?, context?, allow_list?, correlation_id?}",
  schema: { type: 'object', required: ['text', 'language'] },
};

export const ANONYMIZE_BODY = {
  description: "Presidio's anonymizer request: {text, analyzer_results, anonymizers?}; hash, encrypt and tokenize also need pii:admin",
  schema: { type: 'object', required: ['text', 'analyzer_results'] },
};
