import { BadRequestException } from '@nestjs/common';
import type { PayloadValidator } from '@atlas/contracts';

/**
 * The body as its validator types it, or 400 `code` naming the paths that are wrong. Ajv's messages
 * name paths and rules, never the values, so a body holding personal data is never echoed.
 */
export function validatedBody<T>(validator: PayloadValidator<T>, body: unknown, code = 'request_invalid'): T {
  const result = validator.validate(body);
  if (!result.valid) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code, message: `The body is not valid: ${result.reason}` });
  return result.value;
}
