import { ApiProperty } from '@nestjs/swagger';

const RULES = ['MAX_RECORD_BYTES', 'MAX_STRING_LENGTH', 'MAX_NESTING_DEPTH', 'MAX_KEYS_PER_OBJECT', 'MAX_KEY_LENGTH', 'NUL_CHARACTER', 'UNPAIRED_SURROGATE'];

export class RecordProblemResponse {
  @ApiProperty({ description: 'Index of the record in the body (0-based)' })
  index: number;

  @ApiProperty({ enum: RULES, description: 'The limit broken (named after its setting) or the character refused' })
  rule: string;

  @ApiProperty({
    required: false,
    example: '$[4]{2}[0]',
    description: 'Where in the record: [n] is an array item, {n} the n-th member of an object (0-based); keys are never quoted',
  })
  path?: string;

  @ApiProperty({ required: false, description: 'The limit' })
  maximum?: number;

  @ApiProperty({ required: false, description: 'The measured size (bytes, characters or keys)' })
  actual?: number;

  @ApiProperty({ example: 'a string at $[4]{2} has 120000 characters, over the limit of 100000 (MAX_STRING_LENGTH)' })
  message: string;
}

/** A refused push (400, 409, 413, 415), as application/problem+json. Details are fixed text with numbers; they never quote the body. */
export class PushRefusalResponse {
  @ApiProperty({ example: 'urn:atlas:problem:push_too_large' })
  type: string;

  @ApiProperty({ example: 'Payload too large' })
  title: string;

  @ApiProperty({ example: 413 })
  status: number;

  @ApiProperty({
    example: 'push_too_large',
    description:
      'push_invalid, push_too_large, idempotency_key_invalid, idempotency_key_reused, idempotency_key_in_progress, idempotency_key_taken_over, body_not_json, body_too_large, body_charset_unsupported, body_encoding_unsupported, body_too_deep, …',
  })
  code: string;

  @ApiProperty({ example: 'Nothing was accepted: record 4: a string at $[4]{2} has 120000 characters, over the limit of 100000 (MAX_STRING_LENGTH).' })
  detail: string;

  @ApiProperty({ type: [RecordProblemResponse], required: false, description: 'The first problem of each refused record (at most 20)' })
  problems?: RecordProblemResponse[];
}
