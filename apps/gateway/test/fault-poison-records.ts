/** Poison records for the faults test: raw values an external producer may write, each with the reason it is dead-lettered for. */

export interface PoisonRecord {
  kind: string;
  value: Buffer | string;
  headers: Record<string, string>;
  reason: RegExp;
}

const SOURCE = { 'atlas-source-id': 'people' };
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

export const POISON_RECORDS: PoisonRecord[] = [
  { kind: 'not-json', value: '{"id": 1, "name": "unterminated', headers: SOURCE, reason: /^value is not valid JSON/ },
  {
    kind: 'invalid-utf8',
    value: Buffer.concat([Buffer.from('{"id":2,"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    headers: SOURCE,
    reason: /^value is not valid UTF-8$/,
  },
  { kind: 'lone-surrogate', value: '{"id":3,"name":"\\ud800"}', headers: SOURCE, reason: /unpaired UTF-16 surrogate/ },
  { kind: 'nul', value: '{"id":4,"name":"a\\u0000b"}', headers: SOURCE, reason: /NUL character/ },
  { kind: 'too-deep', value: nested(5000), headers: SOURCE, reason: /MAX_NESTING_DEPTH|could not be checked/ },
  { kind: 'oversized', value: JSON.stringify({ id: 6, notes: 'x'.repeat(600 * 1024) }), headers: SOURCE, reason: /MAX_RECORD_BYTES|MAX_STRING_LENGTH/ },
  { kind: 'no-source', value: '{"id":7,"name":"Nobody"}', headers: {}, reason: /missing the atlas-source-id header/ },
  { kind: 'bad-record-key', value: '{"id":8,"name":"Nobody"}', headers: { ...SOURCE, 'atlas-record-key': 'line\nbreak' }, reason: /atlas-record-key header must be/ },
  { kind: 'not-an-object', value: '[1,2,3]', headers: SOURCE, reason: /must be object/ },
];

/** A raw e-mail address of the generated people (scripts/people-dataset.ts): POSIX- and JavaScript-compatible. */
export const RAW_EMAIL = /[a-z0-9._-]+@(example\.com|mail\.example\.org|post\.example\.net)/g;
