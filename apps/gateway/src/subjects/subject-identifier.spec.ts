import { createHmac } from 'node:crypto';
import { identifierHash, identifierHashKey, identifierSpellings, inJsonText, normalisedIdentifier } from './subject-identifier';

const SIGNING_KEY = Buffer.alloc(32, 9).toString('base64');

describe('subject identifiers', () => {
  it('normalises e-mails to lower case and phones without separators', () => {
    expect(normalisedIdentifier('email', '  Erin.Subject@Example.ORG ')).toBe('erin.subject@example.org');
    expect(normalisedIdentifier('phone', ' +351 (91) 234-56.78 ')).toBe('+351912345678');
    expect(normalisedIdentifier('other', ' Customer-42 ')).toBe('Customer-42');
  });

  it('searches the spelling given and the normalised one, once each', () => {
    expect(identifierSpellings('email', 'Erin@Example.org')).toEqual(['Erin@Example.org', 'erin@example.org']);
    expect(identifierSpellings('email', 'erin@example.org')).toEqual(['erin@example.org']);
    expect(identifierSpellings('phone', '+351 912 345 678')).toEqual(['+351 912 345 678', '+351912345678']);
  });

  it('hashes the type and normalised form with a key derived from the signing key (never the signing key itself)', () => {
    const key = identifierHashKey(SIGNING_KEY);
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.alloc(32, 9))).toBe(false);
    const expected = createHmac('sha256', key).update('email\u0000erin@example.org').digest('hex');
    expect(identifierHash(key, 'email', ' ERIN@example.org')).toBe(expected);
    expect(identifierHash(key, 'other', 'erin@example.org')).not.toBe(expected);
    expect(identifierHash(identifierHashKey(Buffer.alloc(32, 8).toString('base64')), 'email', 'erin@example.org')).not.toBe(expected);
  });

  it('writes a value as it appears inside a payload’s JSON text', () => {
    expect(inJsonText('erin@example.org')).toBe('erin@example.org');
    expect(inJsonText('O"Brien\\x')).toBe('O\\"Brien\\\\x');
    expect(inJsonText('tab\there')).toBe('tab\\there');
  });
});
