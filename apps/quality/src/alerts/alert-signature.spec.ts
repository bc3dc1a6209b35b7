import { createHmac } from 'node:crypto';
import { signAlert, verifyAlertSignature } from './alert-signature';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';

describe('alert signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256', () => {
    const body = '{"type":"check_failed"}';
    const expected = createHmac('sha256', SECRET).update(`1764460000.${body}`).digest('hex');
    expect(signAlert(SECRET, 1764460000, body)).toBe(`t=1764460000,v1=${expected}`);
  });

  it('verifies a fresh signature of the same body and secret only', () => {
    const body = '{"a":1}';
    const header = signAlert(SECRET, 1000, body);
    expect(verifyAlertSignature(SECRET, header, body, 1100)).toBe(true);
    expect(verifyAlertSignature(SECRET, header, '{"a":2}', 1100)).toBe(false);
    expect(verifyAlertSignature(`${SECRET}x`, header, body, 1100)).toBe(false);
    expect(verifyAlertSignature(SECRET, header, body, 1000 + 301)).toBe(false);
    expect(verifyAlertSignature(SECRET, 'v1=abc', body, 1000)).toBe(false);
  });
});
