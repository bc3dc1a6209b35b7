import { distinctKeyOf, observeValue, patternOf, shapeOf, topValueKeyOf } from './value-inference';

describe('value inference', () => {
  it.each([
    [null, 'null'],
    [undefined, 'null'],
    [true, 'boolean'],
    [42, 'integer'],
    [4.5, 'number'],
    [[1], 'array'],
    [{ a: 1 }, 'object'],
    ['42', 'integer'],
    ['-7', 'integer'],
    ['007', 'string'],
    ['3.25', 'number'],
    ['5.54563E+15', 'number'],
    ['TRUE', 'boolean'],
    ['2026-11-30', 'date'],
    ['2026-13-01', 'string'],
    ['2026-11-30T02:30:00Z', 'datetime'],
    ['2026-11-30 02:30:00.123+01:00', 'datetime'],
    ['3/29/1982', 'string'],
    ['Marie', 'string'],
    ['', 'string'],
  ])('infers %p as %s', (value, type) => {
    expect(observeValue(value).type).toBe(type);
  });

  it('reads numbers written as text', () => {
    expect(observeValue('3910')).toEqual({ type: 'integer', number: 3910, text: '3910' });
    expect(observeValue('-0.5')).toEqual({ type: 'number', number: -0.5, text: '-0.5' });
  });

  it('shapes text without its letters and digits, and cuts long shapes', () => {
    expect(shapeOf('MarieHamanova@armyspy.com')).toBe('AaaaaAaaaaaaa@aaaaaaa.aaa');
    expect(shapeOf('Hamanová')).toBe('Aaaaaaaa');
    expect(shapeOf('84 23 30')).toBe('99 99 99');
    expect(shapeOf('P.O. Box 255, Kangerlussuaq')).toBe('A.A. Aaa 999, Aaaaaaaaaaaaa');
    expect(shapeOf('x'.repeat(40))).toBe(`${'a'.repeat(32)}…`);
  });

  it('reduces text to its pattern: case dropped, runs of letters, digits and spaces collapsed, cut at 32', () => {
    expect(patternOf('MarieHamanova@armyspy.com')).toBe('a@a.a');
    expect(patternOf('+45 84  23 30')).toBe('+9 9 9 9');
    expect(patternOf('(555) 555-0134')).toBe('(9) 9-9');
    expect(patternOf('3/29/1982')).toBe('9/9/9');
    expect(patternOf('Hamanová-Nový')).toBe('a-a');
    expect(patternOf('')).toBe('');
    expect(patternOf('a.'.repeat(20))).toBe(`${'a.'.repeat(16)}…`);
  });

  it('keeps raw top values only for booleans, small numbers and short upper-case codes', () => {
    expect(topValueKeyOf(observeValue('true'))).toBe('value:true');
    expect(topValueKeyOf(observeValue('37'))).toBe('value:37');
    expect(topValueKeyOf(observeValue('GL'))).toBe('value:GL');
    expect(topValueKeyOf(observeValue('female'))).toBe('shape:aaaaaa');
    expect(topValueKeyOf(observeValue('Marie'))).toBe('shape:Aaaaa');
    expect(topValueKeyOf(observeValue('5.54563E+15'))).toBe('shape:9.99999A+99');
    expect(topValueKeyOf(observeValue(4532015112830366))).toBe('shape:4532015112830366'.replace(/\d/g, '9'));
    expect(topValueKeyOf(observeValue('1982-03-29'))).toBe('shape:9999-99-99');
    expect(topValueKeyOf(observeValue({ a: 1 }))).toBe('kind:object');
    expect(topValueKeyOf(observeValue(null))).toBeNull();
  });

  it('hashes strings as they are and other values as JSON', () => {
    expect(distinctKeyOf('a')).toBe('a');
    expect(distinctKeyOf(1)).toBe('1');
    expect(distinctKeyOf({ a: [1] })).toBe('{"a":[1]}');
  });
});
