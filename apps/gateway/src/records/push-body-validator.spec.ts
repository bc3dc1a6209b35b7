import { HttpStatus } from '@nestjs/common';
import { firstProblemOf, JsonObject, PushLimits, validatePushBody } from './push-body-validator';

const LIMITS: PushLimits = {
  MAX_RECORDS_PER_REQUEST: 3,
  MAX_RECORD_BYTES: 100,
  MAX_STRING_LENGTH: 10,
  MAX_NESTING_DEPTH: 3,
  MAX_KEYS_PER_OBJECT: 4,
  MAX_KEY_LENGTH: 5,
};

function refusal(body: unknown, limits: PushLimits = LIMITS) {
  const verdict = validatePushBody(body, limits);
  if (verdict.accepted) throw new Error('expected the body to be refused');
  return verdict;
}

function accepted(body: unknown, limits: PushLimits = LIMITS) {
  const verdict = validatePushBody(body, limits);
  if (!verdict.accepted) throw new Error(`expected the body to be accepted: ${verdict.message}`);
  return verdict;
}

/** An object nested `levels` deep ({a: {a: ... {}}}), built without recursion. */
function nested(levels: number): JsonObject {
  const root: JsonObject = {};
  let current = root;
  for (let level = 1; level < levels; level++) {
    const child: JsonObject = {};
    current.a = child;
    current = child;
  }
  return root;
}

describe('validatePushBody', () => {
  describe('the shape of the body', () => {
    it.each([
      ['an object', { name: 'Jane' }],
      ['a string', 'records'],
      ['null', null],
    ])('refuses %s with 400', (_description, body) => {
      expect(refusal(body)).toEqual({ accepted: false, status: HttpStatus.BAD_REQUEST, message: 'The body must be a JSON array of record objects', problems: [] });
    });

    it('refuses an empty array', () => {
      expect(refusal([]).message).toBe('The body holds no records');
    });

    it('accepts exactly MAX_RECORDS_PER_REQUEST records and refuses one more with 413', () => {
      expect(accepted([{}, {}, {}]).records).toHaveLength(3);
      expect(refusal([{}, {}, {}, {}])).toMatchObject({
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        message: 'At most 3 records per request (MAX_RECORDS_PER_REQUEST); split the push into several',
      });
    });

    it('names every index that is not an object', () => {
      expect(refusal([{ ok: true }, 'text', [1]]).message).toBe('Every record must be a JSON object; not at index 1, 2. Nothing was accepted.');
    });
  });

  describe('string length (MAX_STRING_LENGTH)', () => {
    it('accepts a string of exactly the limit', () => {
      accepted([{ text: 'x'.repeat(10) }]);
    });

    it('refuses one character more with 413, naming the record, the path and the limit', () => {
      expect(refusal([{ id: 1 }, { id: 2, text: 'x'.repeat(11) }])).toEqual({
        accepted: false,
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        message: 'Nothing was accepted: record 1: a string at $[1]{1} has 11 characters, over the limit of 10 (MAX_STRING_LENGTH).',
        problems: [
          { index: 1, rule: 'MAX_STRING_LENGTH', path: '$[1]{1}', maximum: 10, actual: 11, message: 'a string at $[1]{1} has 11 characters, over the limit of 10 (MAX_STRING_LENGTH)' },
        ],
      });
    });

    it('checks strings inside arrays, with array positions in the path', () => {
      expect(refusal([{ list: ['ok', 'x'.repeat(11)] }]).problems[0].path).toBe('$[0]{0}[1]');
    });
  });

  describe('key length (MAX_KEY_LENGTH)', () => {
    it('accepts a key of exactly the limit and refuses one more, without quoting the key', () => {
      accepted([{ abcde: 1 }]);
      const verdict = refusal([{ id: 1, 'ada@x': { ok: 1, adalovelace: 2 } }]);
      expect(verdict.status).toBe(HttpStatus.PAYLOAD_TOO_LARGE);
      expect(verdict.message).toBe('Nothing was accepted: record 0: a key at $[0]{1}{1} has 11 characters, over the limit of 5 (MAX_KEY_LENGTH).');
    });
  });

  describe('keys per object (MAX_KEYS_PER_OBJECT)', () => {
    it('accepts exactly the limit and refuses one more key with 413', () => {
      accepted([{ a: 1, b: 2, c: 3, d: 4 }]);
      const verdict = refusal([{ list: [{ a: 1, b: 2, c: 3, d: 4, e: 5 }] }]);
      expect(verdict.status).toBe(HttpStatus.PAYLOAD_TOO_LARGE);
      expect(verdict.problems).toEqual([
        { index: 0, rule: 'MAX_KEYS_PER_OBJECT', path: '$[0]{0}[0]', maximum: 4, actual: 5, message: 'the object at $[0]{0}[0] has 5 keys, over the limit of 4 (MAX_KEYS_PER_OBJECT)' },
      ]);
    });
  });

  describe('nesting depth (MAX_NESTING_DEPTH)', () => {
    it('accepts exactly the limit (the record is level 1) and refuses one level more with 400', () => {
      accepted([nested(3)]);
      accepted([{ list: [[1]] }]);
      expect(refusal([nested(4)])).toMatchObject({
        status: HttpStatus.BAD_REQUEST,
        message: 'Nothing was accepted: record 0: the value at $[0]{0}{0}{0} nests deeper than the limit of 3 levels (MAX_NESTING_DEPTH).',
      });
      expect(refusal([{ list: [[[]]] }]).problems[0]).toMatchObject({ rule: 'MAX_NESTING_DEPTH', path: '$[0]{0}[0][0]', maximum: 3 });
    });

    it('refuses 100,000 levels without overflowing the stack', () => {
      const verdict = refusal([{ id: 1 }, nested(100000)], { ...LIMITS, MAX_NESTING_DEPTH: 32 });
      expect(verdict.problems).toEqual([
        expect.objectContaining({ index: 1, rule: 'MAX_NESTING_DEPTH', path: `$[1]${'{0}'.repeat(32)}`, maximum: 32 }),
      ]);
    });

    it('refuses 100,000 nested arrays too', () => {
      let deepest: unknown[] = [];
      const root = { list: deepest };
      for (let level = 0; level < 100000; level++) {
        const child: unknown[] = [];
        deepest.push(child);
        deepest = child;
      }
      expect(refusal([root]).problems[0]).toMatchObject({ index: 0, rule: 'MAX_NESTING_DEPTH' });
    });
  });

  describe('record size (MAX_RECORD_BYTES)', () => {
    // {"t":"…"} is 8 bytes plus the string's UTF-8 bytes.
    const limits = { ...LIMITS, MAX_STRING_LENGTH: 1000 };

    it('accepts a record of exactly the limit, measured in UTF-8 bytes of its JSON', () => {
      const verdict = accepted([{ t: 'x'.repeat(92) }, { t: 'é'.repeat(46) }], limits);
      expect(verdict.recordBytes).toEqual([100, 100]);
    });

    it('refuses one byte more with 413', () => {
      expect(refusal([{ t: 'x'.repeat(92) }, { t: `${'é'.repeat(46)}x` }], limits)).toEqual({
        accepted: false,
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        message: 'Nothing was accepted: record 1: 101 bytes as JSON, over the limit of 100 (MAX_RECORD_BYTES).',
        problems: [{ index: 1, rule: 'MAX_RECORD_BYTES', maximum: 100, actual: 101, message: '101 bytes as JSON, over the limit of 100 (MAX_RECORD_BYTES)' }],
      });
    });
  });

  describe('characters PostgreSQL jsonb cannot store', () => {
    it('refuses the NUL character in a value or a key with 400, quoting neither', () => {
      const verdict = refusal(
        [{ ok: true, text: 'a literal \\u0000 is fine' }, { note: 'ada\u0000b' }, { deep: { ['k\u0000']: 1 } }],
        { ...LIMITS, MAX_STRING_LENGTH: 100 },
      );
      expect(verdict.status).toBe(HttpStatus.BAD_REQUEST);
      expect(verdict.message).toBe(
        'Nothing was accepted: record 1: a string at $[1]{0} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store; ' +
          'record 2: a key at $[2]{0}{0} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store.',
      );
      expect(verdict.problems.map((problem) => problem.rule)).toEqual(['NUL_CHARACTER', 'NUL_CHARACTER']);
      expect(verdict.message).not.toContain('ada');
    });

    it.each([
      ['a lone high surrogate', '\ud800'],
      ['a lone low surrogate', '\udc00'],
      ['a high surrogate at the end', 'ok\ud83d'],
      ['a reversed pair', '\ude00\ud83d'],
    ])('refuses %s in a value with 400', (_description, text) => {
      expect(refusal([{ text }])).toMatchObject({
        status: HttpStatus.BAD_REQUEST,
        message: 'Nothing was accepted: record 0: a string at $[0]{0} holds an unpaired UTF-16 surrogate, which PostgreSQL jsonb cannot store.',
      });
    });

    it('refuses a lone surrogate in a key', () => {
      expect(refusal([{ ['\udfff']: 1 }]).problems[0]).toMatchObject({ rule: 'UNPAIRED_SURROGATE', path: '$[0]{0}' });
    });

    it('accepts well-formed pairs (emoji, characters outside the BMP)', () => {
      accepted([{ t: '😀𝄞', ['🔑']: 'ok' }]);
    });
  });

  describe('several bad records', () => {
    it('names the first problem of every record in document order; the first decides the status', () => {
      const limits = { ...LIMITS, MAX_RECORDS_PER_REQUEST: 10 };
      const verdict = refusal([{ deep: { a: { b: {} } } }, { ok: 1 }, { long: 'x'.repeat(11), nul: '\u0000' }], limits);
      expect(verdict.status).toBe(HttpStatus.BAD_REQUEST);
      expect(verdict.problems.map((problem) => [problem.index, problem.rule])).toEqual([
        [0, 'MAX_NESTING_DEPTH'],
        [2, 'MAX_STRING_LENGTH'],
      ]);
    });

    it('lists the first 20 and counts the rest', () => {
      const limits = { ...LIMITS, MAX_RECORDS_PER_REQUEST: 100 };
      const verdict = refusal(Array.from({ length: 25 }, () => ({ text: '\u0000' })), limits);
      expect(verdict.problems).toHaveLength(20);
      expect(verdict.message).toMatch(/^Nothing was accepted: record 0: .*; record 19: [^;]*; and 5 more records\.$/);
    });
  });

  describe('firstProblemOf', () => {
    it('reads every value once: a single pass', () => {
      const reads = new Map<string, number>();
      const counted = (target: JsonObject, name: string): JsonObject =>
        new Proxy(target, {
          get(object, key, receiver) {
            const id = `${name}.${String(key)}`;
            reads.set(id, (reads.get(id) ?? 0) + 1);
            return Reflect.get(object, key, receiver);
          },
        });
      const record = counted({ a: counted({ b: 'text', c: [1, 2] }, 'inner'), d: 'more' }, 'outer');
      expect(firstProblemOf(record, 0, LIMITS)).toBeUndefined();
      expect(Object.fromEntries(reads)).toEqual({ 'outer.a': 1, 'outer.d': 1, 'inner.b': 1, 'inner.c': 1 });
    });
  });
});
