import { BadRequestException } from '@nestjs/common';
import { CURSOR_SHAPES, cursorKey, decodeCursor, encodeCursor, MAX_CURSOR_LENGTH, textKey } from './cursor-codec';

const timeAndId = textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid);
const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const TIME = '2026-11-30T10:40:00.123456Z';

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof BadRequestException ? error.getResponse() : error;
  }
  return 'not refused';
}

describe('the cursor codec', () => {
  it('encodes the version, the scope and the key as base64url JSON', () => {
    expect(encodeCursor('audit:-at', ['42'])).toBe('WzEsImF1ZGl0Oi1hdCIsIjQyIl0');
    expect(Buffer.from(encodeCursor('audit:-at', ['42']), 'base64url').toString('utf8')).toBe('[1,"audit:-at","42"]');
    expect(encodeCursor('held:sourceId', ['orders', 7])).toBe(Buffer.from('[1,"held:sourceId","orders",7]').toString('base64url'));
  });

  it('round-trips a key for the same scope', () => {
    expect(decodeCursor(encodeCursor('runs:-createdAt', [TIME, ID]), 'runs:-createdAt', timeAndId)).toEqual([TIME, ID]);
    expect(decodeCursor(encodeCursor('rows:key', ['a', 3]), 'rows:key', () => true)).toEqual(['a', 3]);
    expect(cursorKey(undefined, 'runs:-createdAt', timeAndId)).toBeUndefined();
    expect(cursorKey(encodeCursor('runs:-createdAt', [TIME, ID]), 'runs:-createdAt', timeAndId)).toEqual([TIME, ID]);
  });

  it('refuses with 400 cursor_invalid a cursor of another list or sort, a forged key, or text that is no cursor, never quoting it', () => {
    const expected = { statusCode: 400, error: 'Bad Request', code: 'cursor_invalid', message: 'cursor is not one this list returned for this sort (pass nextCursor unchanged)' };
    const bad = [
      encodeCursor('runs:createdAt', [TIME, ID]), // another sort
      encodeCursor('sources:createdAt', [TIME, ID]), // another list
      encodeCursor('runs:-createdAt', [TIME]), // too short
      encodeCursor('runs:-createdAt', ['2026-11-30T10:40:00Z', ID]), // no microseconds
      encodeCursor('runs:-createdAt', [TIME, "x' OR 1=1"]),
      Buffer.from(`[2,"runs:-createdAt","${TIME}","${ID}"]`).toString('base64url'), // another version
      Buffer.from(`[1,"runs:-createdAt","${TIME}",{"id":1}]`).toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('not json').toString('base64url'),
      'not a cursor!',
      '',
      'A'.repeat(MAX_CURSOR_LENGTH + 1),
    ];
    for (const cursor of bad) {
      const response = refusal(() => decodeCursor(cursor, 'runs:-createdAt', timeAndId));
      expect(response).toEqual(expected);
    }
    // Text keys are bounded and hold no NUL (PostgreSQL text cannot).
    expect(refusal(() => decodeCursor(encodeCursor('names:name', ['a\u0000b']), 'names:name', textKey(CURSOR_SHAPES.text)))).toEqual(expected);
    expect(refusal(() => decodeCursor(encodeCursor('names:name', ['x'.repeat(4097)]), 'names:name', textKey(CURSOR_SHAPES.text)))).toEqual(expected);
    expect(decodeCursor(encodeCursor('names:name', ["kafka://broker:9092 'é'"]), 'names:name', textKey(CURSOR_SHAPES.text))).toEqual(["kafka://broker:9092 'é'"]);
    // A fractional number, and no key at all, even where any key would do.
    expect(refusal(() => decodeCursor(Buffer.from('[1,"rows:key",1.5]').toString('base64url'), 'rows:key', () => true))).toEqual(expected);
    expect(refusal(() => decodeCursor(Buffer.from('[1,"rows:key"]').toString('base64url'), 'rows:key', () => true))).toEqual(expected);
  });
});
