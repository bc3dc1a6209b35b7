import { fromLocalInput, readLineageSearch, toLocalInput, writeLineageSearch } from './lineage-search';

describe('the lineage page URL', () => {
  it('reads levels, time, columns and view, with defaults for what is missing or out of range', () => {
    expect(readLineageSearch(new URLSearchParams('node=job:a:b&up=3&down=0&asOf=2026-11-30T08:00:00Z&columns=1&view=list'))).toEqual({
      node: 'job:a:b',
      view: 'list',
      up: 3,
      down: 0,
      asOf: '2026-11-30T08:00:00.000Z',
      columns: true,
    });
    expect(readLineageSearch(new URLSearchParams('node=job:a:b&up=21&down=-1&asOf=yesterday'))).toEqual({ node: 'job:a:b', view: 'graph', up: 1, down: 1, asOf: null, columns: false });
  });

  it('writes only what differs from the defaults', () => {
    expect(writeLineageSearch({ node: 'job:a:b', view: 'graph', up: 1, down: 1, asOf: null, columns: false })).toEqual({ node: 'job:a:b' });
    expect(writeLineageSearch({ node: 'job:a:b', view: 'list', up: 2, down: 0, asOf: '2026-11-30T08:00:00.000Z', columns: true })).toEqual({
      node: 'job:a:b',
      view: 'list',
      up: '2',
      down: '0',
      asOf: '2026-11-30T08:00:00.000Z',
      columns: '1',
    });
  });

  it('round-trips a time through the datetime-local input (minutes, local time)', () => {
    const iso = '2026-11-30T08:15:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(iso)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect([toLocalInput(null), fromLocalInput('')]).toEqual(['', null]);
  });
});
