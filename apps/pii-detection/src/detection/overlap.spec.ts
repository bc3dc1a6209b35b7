import type { RecognizerResult } from './detection.types';
import { resolveOverlaps } from './overlap';

const r = (entityType: RecognizerResult['entityType'], start: number, end: number, score: number, validated = false): RecognizerResult => ({
  entityType,
  start,
  end,
  score,
  validated,
  recognizer: entityType.toLowerCase(),
});

describe('resolveOverlaps', () => {
  it('validated beats unvalidated even with a longer span', () => {
    const out = resolveOverlaps([r('PHONE_NUMBER', 0, 20, 0.85), r('CREDIT_CARD', 2, 18, 1, true)]);
    expect(out.map((x) => x.entityType)).toEqual(['CREDIT_CARD']);
  });
  it('then higher score, then longer span', () => {
    expect(resolveOverlaps([r('DATE_TIME', 0, 10, 0.6), r('PHONE_NUMBER', 0, 12, 0.7)]).map((x) => x.entityType)).toEqual(['PHONE_NUMBER']);
    expect(resolveOverlaps([r('DATE_TIME', 0, 10, 0.7), r('PHONE_NUMBER', 0, 12, 0.7)]).map((x) => x.entityType)).toEqual(['PHONE_NUMBER']);
  });
  it('then fixed entity priority (IDs beat phone/bank, e-mail beats URL)', () => {
    expect(resolveOverlaps([r('US_BANK_NUMBER', 0, 9, 0.6), r('US_SSN', 0, 9, 0.6)]).map((x) => x.entityType)).toEqual(['US_SSN']);
    expect(resolveOverlaps([r('URL', 0, 9, 1, true), r('EMAIL_ADDRESS', 0, 9, 1, true)]).map((x) => x.entityType)).toEqual(['EMAIL_ADDRESS']);
    expect(resolveOverlaps([r('PHONE_NUMBER', 0, 10, 0.75), r('UK_NHS', 0, 10, 0.75)]).map((x) => x.entityType)).toEqual(['UK_NHS']);
  });
  it('keeps disjoint results as they are, sorted by start', () => {
    const out = resolveOverlaps([r('PHONE_NUMBER', 20, 30, 0.7), r('PERSON', 0, 5, 0.85), r('EMAIL_ADDRESS', 5, 15, 1, true)]);
    expect(out.map((x) => [x.entityType, x.start])).toEqual([
      ['PERSON', 0],
      ['EMAIL_ADDRESS', 5],
      ['PHONE_NUMBER', 20],
    ]);
  });
  it('a street address absorbs a place or name sticking out of its edge', () => {
    const out = resolveOverlaps([r('STREET_ADDRESS', 0, 30, 0.7), r('LOCATION', 26, 34, 0.85), r('PERSON', 40, 45, 0.85)]);
    expect(out.map((x) => [x.entityType, x.start, x.end])).toEqual([
      ['STREET_ADDRESS', 0, 34],
      ['PERSON', 40, 45],
    ]);
    // Not when the grown span would touch another kept result.
    const blocked = resolveOverlaps([r('STREET_ADDRESS', 0, 30, 0.7), r('LOCATION', 26, 36, 0.85), r('EMAIL_ADDRESS', 34, 40, 1, true)]);
    expect(blocked.map((x) => [x.entityType, x.start, x.end])).toEqual([
      ['STREET_ADDRESS', 0, 30],
      ['EMAIL_ADDRESS', 34, 40],
    ]);
  });
  it('street address against PERSON/LOCATION: the longer span wins', () => {
    expect(resolveOverlaps([r('LOCATION', 10, 16, 0.85), r('STREET_ADDRESS', 0, 30, 0.6)]).map((x) => x.entityType)).toEqual(['STREET_ADDRESS']);
    expect(resolveOverlaps([r('PERSON', 0, 30, 0.85), r('STREET_ADDRESS', 5, 12, 0.7)]).map((x) => x.entityType)).toEqual(['PERSON']);
  });
  it('keeps non-overlapping results sorted by start', () => {
    const out = resolveOverlaps([r('EMAIL_ADDRESS', 20, 30, 1, true), r('PHONE_NUMBER', 0, 10, 0.7), r('DATE_TIME', 10, 20, 0.6)]);
    expect(out.map((x) => x.start)).toEqual([0, 10, 20]);
  });
  it('is independent of input order', () => {
    const items = [
      r('PHONE_NUMBER', 0, 12, 0.7),
      r('DATE_TIME', 5, 15, 0.7),
      r('US_SSN', 10, 21, 1, true),
      r('US_BANK_NUMBER', 20, 30, 0.6),
      r('URL', 29, 40, 0.5),
      r('DATE_TIME', 0, 12, 0.7),
    ];
    const expected = JSON.stringify(resolveOverlaps(items));
    for (let i = 0; i < 30; i++) {
      const shuffled = items.slice().sort(() => Math.random() - 0.5);
      expect(JSON.stringify(resolveOverlaps(shuffled))).toBe(expected);
    }
  });
});
