import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RevealBody } from './reveal.dto';

function problems(body: Record<string, unknown>): string[] {
  return validateSync(plainToInstance(RevealBody, body)).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('RevealBody', () => {
  const token = 'tok_abcdefghijklmnopqrstuvwxyz';

  it('accepts a token with a reason the audit log can keep', () => {
    expect(problems({ token, reason: 'Ticket 4711: the customer asked' })).toEqual([]);
  });

  it('refuses a reason holding NUL, which the audit log (jsonb) cannot keep', () => {
    expect(problems({ token, reason: 'Ticket 4711\u0000: the customer asked' })).toEqual(['reason must not hold NUL']);
  });
});
