import { IncrementalCursor } from './incremental-cursor';

describe('IncrementalCursor', () => {
  it('keeps the latest date as the record wrote it, ignoring unreadable values', () => {
    const cursor = new IncrementalCursor({ cursorPath: '$.meta.updated', cursorType: 'date', parameter: 'since' }, '2026-01-01T00:00:00Z');
    for (const updated of ['2026-03-01T10:00:00+02:00', 'not a date', '', '2026-03-01T09:00:00Z', null, '2025-12-31T00:00:00Z']) cursor.observe({ meta: { updated } });
    cursor.observe({ other: 1 });
    // 10:00+02:00 is 08:00Z, earlier than 09:00Z.
    expect(cursor.value()).toBe('2026-03-01T09:00:00Z');
  });

  it('compares ids as numbers, whether they arrive as numbers or strings', () => {
    const cursor = new IncrementalCursor({ cursorPath: '$.id', cursorType: 'number', parameter: 'after_id' }, undefined);
    expect(cursor.value()).toBeUndefined();
    for (const id of [9, '10', 2, 'x']) cursor.observe({ id });
    expect(cursor.value()).toBe('10');
  });

  it('keeps the start value when no record is newer', () => {
    const cursor = new IncrementalCursor({ cursorPath: '$.id', cursorType: 'number', parameter: 'after_id' }, 50);
    cursor.observe({ id: 49 });
    expect(cursor.value()).toBe(50);
  });
});
