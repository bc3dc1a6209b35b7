import { patternToRegExp, parseTemporalBound, temporalParser, type TemporalParser } from './temporal-format';

describe('temporal formats', () => {
  it('translate JDK patterns with quoted literals and fractions', () => {
    const parser = temporalParser('timestamp', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX") as TemporalParser;
    expect(parser.parse('2024-05-01T10:20:30.250+02:00')).toBe(Date.UTC(2024, 4, 1, 8, 20, 30, 250));
    expect(parser.parse('2024-05-01 10:20:30.250+02:00')).toBeUndefined();
    expect(parser.hasZone).toBe(true);
  });

  it('read zone-less values as UTC and reject impossible calendar values', () => {
    const parser = temporalParser('date') as TemporalParser;
    expect(parser.parse('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parser.parse('1900-02-29')).toBeUndefined();
    expect(parser.parse('2024-04-31')).toBeUndefined();
  });

  it('times count from midnight', () => {
    expect((temporalParser('time', 'HH:mm') as TemporalParser).parse('01:30')).toBe(90 * 60_000);
  });

  it('name the first unsupported letter', () => {
    expect(patternToRegExp('dd MMM yyyy')).toEqual({ unsupported: 'MMM' });
    expect(temporalParser('date', 'G yyyy')).toEqual({ unsupported: 'format "G yyyy" uses "G", which Atlas does not support' });
  });

  it('read bounds in the pattern first, then as ISO 8601', () => {
    const parser = temporalParser('timestamp', 'yyyy-MM-dd HH:mm:ssZ') as TemporalParser;
    expect(parseTemporalBound('timestamp', parser, '2020-01-01 00:00:00+1000')).toBe(Date.UTC(2019, 11, 31, 14));
    expect(parseTemporalBound('timestamp', parser, '2020-01-01T00:00:00Z')).toBe(Date.UTC(2020, 0, 1));
  });
});
