import { parseAnonymizeRequest } from './presidio-requests';

describe('parseAnonymizeRequest', () => {
  const results = [{ start: 0, end: 3, score: 0.9, entity_type: 'PERSON' }];

  it('names a bad anonymizers key by its position, never quoting it', () => {
    const parsed = parseAnonymizeRequest({ text: 'Ada here', anonymizers: { PERSON: { type: 'redact' }, 'ada@example.com': { type: 'redact' } }, analyzer_results: results });
    expect(parsed).toEqual({ ok: false, problems: ['anonymizers: key 2 is not an entity type (letters, digits and _, at most 100)'] });
  });

});
