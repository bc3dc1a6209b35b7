import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (the receiver checks both, and the age of t). */
export const ALERT_SIGNATURE_HEADER = 'x-atlas-signature';

export function signAlert(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/** What a receiver does: recompute the HMAC over the timestamp and the raw body, compare in constant time, refuse stale ones. */
export function verifyAlertSignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signAlert(secret, timestamp, body).slice(`t=${timestamp},v1=`.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}
