import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './quarantine-cursor';

describe('quarantine cursor', () => {
  const cursor = { quarantinedAt: '2026-11-29T23:10:01.123456Z', recordId: '0b6f3c2e-3b7a-4f0e-8a61-6c2d9e4b7a10' };

  it('round-trips the quarantine time to the microsecond and the record id', () => {
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', 'bm90IGpzb24'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a time without microseconds', Buffer.from(JSON.stringify(['2026-11-29T23:10:01.123Z', cursor.recordId])).toString('base64url')],
    ['a record id that is no UUID', Buffer.from(JSON.stringify([cursor.quarantinedAt, "1' OR 1=1"])).toString('base64url')],
  ])('refuses %s with a 400 that does not echo it', (_what, text) => {
    let thrown: unknown;
    try {
      decodeCursor(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadRequestException);
    expect((thrown as BadRequestException).getResponse()).toEqual({ statusCode: 400, error: 'Bad Request', code: 'cursor_invalid', message: 'cursor is not one this API returned (pass nextCursor unchanged)' });
  });
});
