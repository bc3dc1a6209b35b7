import { FoundSubjectRecord, SubjectRecordSearchRequest } from '@atlas/contracts';
import { SubjectServices } from './subject-services';
import { SubjectLocator } from './subject-locator';

const ID = (index: number) => `00000000-0000-4000-8000-00000000000${index}`;
const IDENTIFIER_TOKEN = `tok_${'a'.repeat(26)}`;
const NAME_TOKEN = `tok_${'b'.repeat(26)}`;
const found = (layer: FoundSubjectRecord['layer'], index: number): FoundSubjectRecord => ({ layer, recordId: ID(index), sourceId: 'people', runId: 'run' });

function setup() {
  const searches: Array<[string, SubjectRecordSearchRequest]> = [];
  const services = {
    matchKeys: jest.fn(async () => ({ hashPrefixes: ['0123456789abcdef', 'fedcba9876543210'], tokens: [IDENTIFIER_TOKEN] })),
    searchRecords: jest.fn(async (service: string, request: SubjectRecordSearchRequest) => {
      searches.push([service, request]);
      if (service === 'connector') return { records: [found('explore', 2), found('explore', 1), found('navigate', 1)], tokens: [IDENTIFIER_TOKEN, NAME_TOKEN], truncated: false };
      return { records: [found('quarantine', 2)], tokens: [NAME_TOKEN], truncated: true };
    }),
  };
  return { services, searches, locator: new SubjectLocator(services as unknown as SubjectServices) };
}

describe('SubjectLocator', () => {
  it('searches e-mails without case, protected layers by hashes, tokens and Explore ids, and plans ids and tokens', async () => {
    const { services, searches, locator } = setup();
    const located = await locator.locate('email', ' Erin@Example.org', false);
    expect(services.matchKeys).toHaveBeenCalledWith(['Erin@Example.org', 'erin@example.org']);
    const match = { contains: ['0123456789abcdef', 'fedcba9876543210', IDENTIFIER_TOKEN], containsIgnoringCase: ['Erin@Example.org', 'erin@example.org'], recordIds: [] };
    expect(searches).toEqual([
      ['connector', { match, includePayloads: false }],
      ['quality', { match: { ...match, recordIds: [ID(2), ID(1)] }, includePayloads: false }],
    ]);
    expect(located.plan).toEqual({ explore: [ID(1), ID(2)], navigate: [ID(1)], quarantine: [ID(2)], identifierTokens: [IDENTIFIER_TOKEN], rowTokens: [NAME_TOKEN] });
    expect(located.found).toEqual({ explore: 2, navigate: 1, quarantine: 1, vaultTokens: 2, truncated: true });
  });

  it('searches other identifiers exactly, as written in JSON text', async () => {
    const { searches, locator } = setup();
    await locator.locate('other', 'C-"42"', true);
    expect(searches[0][1]).toEqual({
      match: { contains: ['C-\\"42\\"', '0123456789abcdef', 'fedcba9876543210', IDENTIFIER_TOKEN], containsIgnoringCase: [], recordIds: [] },
      includePayloads: true,
    });
  });

  it('refuses rather than search part of the keys', async () => {
    const { services, locator } = setup();
    services.matchKeys.mockResolvedValueOnce({ hashPrefixes: [], tokens: Array.from({ length: 201 }, () => IDENTIFIER_TOKEN) });
    await expect(locator.locate('email', 'erin@example.org', false)).rejects.toMatchObject({ status: 422 });
    expect(services.searchRecords).not.toHaveBeenCalled();
  });

  it('tells which tokens some remaining row still holds', async () => {
    const { services, locator } = setup();
    services.searchRecords.mockResolvedValueOnce({ records: [], tokens: [NAME_TOKEN, `tok_${'z'.repeat(26)}`], truncated: false });
    services.searchRecords.mockResolvedValueOnce({ records: [], tokens: [], truncated: false });
    expect(await locator.stillReferenced([NAME_TOKEN, IDENTIFIER_TOKEN])).toEqual(new Set([NAME_TOKEN]));
    expect(services.searchRecords.mock.calls.map(([service]) => service)).toEqual(['connector', 'quality']);
  });
});
