import { ColumnHintRule, hintColumn } from './column-hints';
import { FieldProfile, FieldStatistics } from './field-profile';

function statisticsOf(values: unknown[]): FieldStatistics {
  const profile = new FieldProfile();
  for (const value of values) profile.add(value);
  return profile.toStatistics();
}

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

describe('hintColumn', () => {
  it.each([
    [['MarieHamanova@armyspy.com', 'ada.lovelace@example.org', 'grace-h@navy.mil'], 'EMAIL_ADDRESS'],
    [['https://example.com/a?b=1', 'http://x.org'], 'URL'],
    [['192.168.0.1', '10.0.0.254'], 'IP_ADDRESS'],
    [['+45 84 23 30', '(555) 555-0134', '84 23 30', '020-7946-0018', '01.23.45.67.89'], 'PHONE_NUMBER'],
    [['3/29/1982', '12/1/2001', '1999-01-02', '2026-11-30T02:30:00Z'], 'DATE_TIME'],
  ])('hints %p as %s, with every value as evidence', (values, entityType) => {
    expect(hintColumn(statisticsOf(values))).toEqual({ entityType, share: 1 });
  });

  it('hints a column when at least 90 % of its values with content are of the kind; nulls and blanks do not count', () => {
    const values = [...repeat('ada@example.com', 9), 'not an address', null, null, ' '];
    expect(hintColumn(statisticsOf(values))).toEqual({ entityType: 'EMAIL_ADDRESS', share: 0.9 });
    expect(hintColumn(statisticsOf([...repeat('ada@example.com', 8), 'x', 'y']))).toBeNull();
  });

  it('hints nothing for names, codes, numbers, zip codes of several formats, or an empty column', () => {
    expect(hintColumn(statisticsOf(['Marie', 'Ada Lovelace', 'Grace']))).toBeNull();
    expect(hintColumn(statisticsOf(['US', 'GL', 'CY']))).toBeNull();
    expect(hintColumn(statisticsOf([3910, 12, 7.5]))).toBeNull();
    expect(hintColumn(statisticsOf(['3910', '5000-047', 'SW1A 1AA', '8001']))).toBeNull();
    expect(hintColumn(statisticsOf([null, ' ']))).toBeNull();
  });

  it('prefers the rule with more evidence, and the earlier rule on a tie', () => {
    const rules: ColumnHintRule[] = [
      { entityType: 'FIRST', evidence: (statistics) => statistics.present },
      { entityType: 'SECOND', evidence: (statistics) => statistics.present },
    ];
    expect(hintColumn(statisticsOf(['a', 'b']), rules)).toEqual({ entityType: 'FIRST', share: 1 });
    expect(hintColumn(statisticsOf(['a', 'b']), [{ entityType: 'LESS', evidence: () => 1.9 }, ...rules])).toEqual({ entityType: 'FIRST', share: 1 });
  });

  it('counts only what the pattern sketch guarantees (count − error) once a field has more patterns than it monitors', () => {
    // 200 e-mails, then 40 distinct other formats seen once each: the e-mail pattern stays monitored and exact.
    const others = Array.from({ length: 40 }, (_, index) => `${'x'.repeat(index + 1)}${'-'.repeat(index + 1)}`);
    const statistics = statisticsOf([...repeat('ada@example.com', 200), ...others]);
    expect(statistics.otherPatternsAtMost).toBeGreaterThan(0);
    expect(statistics.patterns[0]).toEqual({ value: 'a@a.a', count: 200, error: 0 });
    expect(hintColumn(statistics)).toBeNull();
    expect(hintColumn(statisticsOf([...repeat('ada@example.com', 400), ...others]))).toEqual({ entityType: 'EMAIL_ADDRESS', share: 0.9091 });
  });
});
