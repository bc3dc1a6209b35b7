import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor, pageOf } from './cursor-page';

describe('cursor pages', () => {
  const rows = [{ id: '5' }, { id: '4' }, { id: '3' }];

  it('says there is a next page only when the extra row came back, naming the last row returned', () => {
    expect(pageOf(rows, 2, (row) => row.id, (row) => Number(row.id))).toEqual({ items: [5, 4], nextCursor: encodeCursor('4') });
    expect(pageOf(rows, 3, (row) => row.id, (row) => Number(row.id))).toEqual({ items: [5, 4, 3], nextCursor: null });
    expect(pageOf([], 3, (row: { id: string }) => row.id, (row) => row)).toEqual({ items: [], nextCursor: null });
  });

  it('round-trips the key through an opaque cursor', () => {
    expect(encodeCursor('42')).toBe('djE6NDI');
    expect(decodeCursor(encodeCursor('42'), /^\d+$/)).toBe('42');
    expect(decodeCursor(undefined, /^\d+$/)).toBeUndefined();
  });

  it('refuses a cursor it did not issue with 400 cursor_invalid', () => {
    for (const cursor of ['', 'bm90LWEtY3Vyc29y', encodeCursor('not digits'), Buffer.from('42').toString('base64url')]) {
      expect(() => decodeCursor(cursor, /^\d+$/)).toThrow(BadRequestException);
    }
    try {
      decodeCursor('x', /^\d+$/);
    } catch (error) {
      expect((error as BadRequestException).getResponse()).toEqual({ statusCode: 400, error: 'Bad Request', code: 'cursor_invalid', message: 'The cursor is not one this list issued' });
    }
  });
});
