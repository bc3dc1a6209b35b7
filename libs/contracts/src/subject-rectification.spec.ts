import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { correctionsBySourceProblem, correctionsProblem, MAX_CORRECTION_LENGTH, rectificationBinding, SubjectRecordRectifyRequest } from './subject-rectification';

const ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';

describe('correctionsProblem', () => {
  it('accepts strings, finite numbers, booleans and null under top-level field names', () => {
    expect(correctionsProblem({ name: 'Erin Rectified', age: 41, vip: false, city: null, 'contact-email': 'x', _id2: 'y', emoji: 'Erin 😀' })).toBeUndefined();
  });

  it('names the field and the rule, never the value', () => {
    const secret = 'erin.secret@example.org';
    const cases: Array<[unknown, string]> = [
      [null, 'corrections must be an object of field names and new values'],
      [[secret], 'corrections must be an object of field names and new values'],
      [{}, 'corrections must name at least one field'],
      [Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`f${index}`, 1])), 'corrections must name at most 20 fields'],
      [{ 'contact.email': secret }, 'corrections has a field name that is not a top-level field (letters, digits, _ and -, starting with a letter or _, at most 63)'],
      [{ [secret]: 'x' }, 'corrections has a field name that is not a top-level field (letters, digits, _ and -, starting with a letter or _, at most 63)'],
      [JSON.parse('{"__proto__": "x"}'), 'corrections has a field name that is not a top-level field (letters, digits, _ and -, starting with a letter or _, at most 63)'],
      [{ constructor: 'x' }, 'corrections has a field name that is not a top-level field (letters, digits, _ and -, starting with a letter or _, at most 63)'],
      [{ email: secret.repeat(50) }, `corrections.email must be at most ${MAX_CORRECTION_LENGTH} characters`],
      [{ email: `${secret}\u0000` }, 'corrections.email must not contain a NUL character'],
      [{ email: 'erin\ud800' }, 'corrections.email must be well-formed Unicode (no lone surrogate)'],
      [{ age: Number.POSITIVE_INFINITY }, 'corrections.age must be a finite number'],
      [{ email: { value: secret } }, 'corrections.email must be a string, a number, a boolean or null'],
      [{ email: [secret] }, 'corrections.email must be a string, a number, a boolean or null'],
    ];
    for (const [value, problem] of cases) expect(correctionsProblem(value)).toBe(problem);
  });

  it('takes a longer bound for protected values', () => {
    expect(correctionsProblem({ email: 'x'.repeat(1001) }, 4096)).toBeUndefined();
    expect(correctionsProblem({ email: 'x'.repeat(4097) }, 4096, 'fieldsBySource.people')).toBe('fieldsBySource.people.email must be at most 4096 characters');
  });
});

describe('SubjectRecordRectifyRequest', () => {
  const problems = (body: object) => validateSync(plainToInstance(SubjectRecordRectifyRequest, body)).flatMap((error) => Object.values(error.constraints ?? {}));

  it('accepts protected values per source id', () => {
    expect(problems({ layer: 'navigate', recordIds: [ID], fieldsBySource: { people: { name: `tok_${'a'.repeat(26)}` } } })).toEqual([]);
  });

  it('refuses a key that is no source id, and a bad value, naming the source and field', () => {
    expect(problems({ layer: 'navigate', recordIds: [ID], fieldsBySource: { 'Not A Source': { name: 'x' } } })).toEqual(['fieldsBySource has a key that is not a source id']);
    expect(problems({ layer: 'explore', recordIds: [ID], fieldsBySource: { people: { name: { first: 'Erin' } } } })).toEqual([
      'fieldsBySource.people.name must be a string, a number, a boolean or null',
    ]);
    expect(correctionsBySourceProblem(Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`s${index}`, { a: 1 }])))).toBe('fieldsBySource must name at most 100 sources');
  });
});

describe('rectificationBinding', () => {
  it('binds sealed corrections to their request', () => {
    expect(rectificationBinding(ID)).toBe(`subject-rectification:${ID}`);
  });
});
