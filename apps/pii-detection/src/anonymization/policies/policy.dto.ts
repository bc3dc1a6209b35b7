import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

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

const RULE_SCHEMA = {
  type: 'object',
  required: ['operator'],
  properties: {
    operator: { type: 'string', enum: ['replace', 'redact', 'mask', 'hash', 'encrypt', 'tokenize', 'keep', 'drop'] },
    params: {
      type: 'object',
      description:
        'replace: {newValue?}; mask: {maskingChar, charsToMask?, fromEnd?} or {maskingChar, keepLast}; hash: {hashType?: sha256|sha512, length?}; ' +
        'encrypt: {}; tokenize: {namespace?}; redact, keep, drop: {}',
    },
  },
};

/** Documentation of the PUT body; it is validated by parsePolicyBody, which names every problem. */
export class PutPolicyRequest {
  @ApiProperty({ example: 'people', description: '"*" for every source without its own policy' })
  sourceId: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: RULE_SCHEMA,
    example: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'hash', params: { length: 32 } }, PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } } },
    description: 'Operator per entity type; DEFAULT for the rest. drop is not allowed here.',
  })
  rules: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: RULE_SCHEMA, example: { internal_notes: { operator: 'drop' } }, description: 'Operator per field path, on the whole value' })
  fieldRules?: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 500 })
  description?: string;
}
