import { FoundSubjectRecord } from '@atlas/contracts';
import { EMPTY_PLAN } from './erasure-steps';
import { rectificationPlanOf, replacedTokensOf } from './rectification-steps';

const token = (letter: string) => `tok_${letter.repeat(26)}`;
const record = (layer: FoundSubjectRecord['layer'], index: number, sourceId: string, payload: unknown): FoundSubjectRecord => ({
  layer,
  recordId: `00000000-0000-4000-8000-00000000000${index}`,
  sourceId,
  runId: 'run',
  payload,
});

const RECORDS = [
  // Explore holds raw values: a token-shaped text there is a value, not a vault token.
  record('explore', 1, 'people', { name: token('x') }),
  record('navigate', 1, 'people', { name: token('a'), phone: token('b'), notes: `call ${token('c')}` }),
  record('navigate', 2, 'people', { name: token('a'), aliases: [token('d'), 'none'] }),
  record('quarantine', 3, 'crm', { name: null, aliases: { first: token('e') } }),
];

describe('replacedTokensOf', () => {
  it('collects the vault tokens the corrected fields hold in protected records, once each, sorted; other fields’ tokens stay', () => {
    expect(replacedTokensOf(RECORDS, ['name', 'aliases'])).toEqual([token('a'), token('d'), token('e')]);
    expect(replacedTokensOf(RECORDS, ['notes'])).toEqual([token('c')]);
    expect(replacedTokensOf(RECORDS, ['city'])).toEqual([]);
    expect(replacedTokensOf([record('navigate', 4, 'people', undefined)], ['name'])).toEqual([]);
  });
});

describe('rectificationPlanOf', () => {
  it('keeps the located ids, the sources of the records and the replaced tokens: no value', () => {
    const located = { ...EMPTY_PLAN, explore: ['e'], navigate: ['n'], quarantine: ['q'], identifierTokens: [token('i')], rowTokens: [token('b')] };
    expect(rectificationPlanOf(located, RECORDS, ['name'])).toEqual({ explore: ['e'], navigate: ['n'], quarantine: ['q'], sourceIds: ['crm', 'people'], replacedTokens: [token('a')] });
  });
});
