import { usesKeyedOperator } from './anonymize-keyed-operators';

describe('usesKeyedOperator', () => {
  it.each([
    [{ anonymizers: { PERSON: { type: 'hash' } } }, true],
    [{ anonymizers: { DEFAULT: { type: 'encrypt', key: 'k' } } }, true],
    [{ anonymizers: { PERSON: { type: 'replace' }, EMAIL_ADDRESS: { type: 'tokenize' } } }, true],
    [{ anonymizers: { PERSON: { type: 'replace' }, DEFAULT: { type: 'redact' }, X: { type: 'mask' }, Y: { type: 'keep' } } }, false],
    [{ anonymizers: { PERSON: { type: 'HASH' } } }, false],
    [{ anonymizers: { PERSON: 'hash' } }, false],
    [{ anonymizers: null }, false],
    [{ anonymizers: [{ type: 'hash' }] }, true],
    [{ text: 'hash' }, false],
    ['hash', false],
    [null, false],
  ])('%j → %s', (body, expected) => {
    expect(usesKeyedOperator(body)).toBe(expected);
  });
});
