import { Value } from '@sinclair/typebox/value';
import { ProfileColumnHintsSchema } from '@atlas/contracts';
import { ColumnHintRule, hintColumn, nonPersonalEvidence, profileColumnHint, profileColumnHints } from './column-hints';
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

describe('profile column hints for pii-detection', () => {
  it('reads booleans, and numbers under 1,000,000 from at most 32 values, as non-personal by type; nothing else', () => {
    expect(nonPersonalEvidence(statisticsOf([true, false, 'TRUE', 'false', null, ' ']))).toBe('boolean');
    expect(nonPersonalEvidence(statisticsOf([1, 2, 3, '4', 5.5, -2, null]))).toBe('number_enum');
    expect(nonPersonalEvidence(statisticsOf(Array.from({ length: 32 }, (_unused, index) => index)))).toBe('number_enum');
    // 33 distinct numbers are no enumeration; a number of 7 digits could be a phone or account number.
    expect(nonPersonalEvidence(statisticsOf(Array.from({ length: 33 }, (_unused, index) => index)))).toBeNull();
    expect(nonPersonalEvidence(statisticsOf([1, 2, 1_000_000]))).toBeNull();
    expect(nonPersonalEvidence(statisticsOf([1, 2, -1_000_000]))).toBeNull();
    expect(nonPersonalEvidence(statisticsOf([true, 'yes']))).toBeNull();
    expect(nonPersonalEvidence(statisticsOf([1, 'one']))).toBeNull();
    expect(nonPersonalEvidence(statisticsOf([null, ' ']))).toBeNull();
  });

  it('says personal first, then non-personal, per field of a batch profile, in field order', () => {
    expect(profileColumnHint('email', statisticsOf(['ada@example.com', 'grace@navy.mil']))).toEqual({ field: 'email', kind: 'personal', entityType: 'EMAIL_ADDRESS', share: 1 });
    expect(profileColumnHint('active', statisticsOf([true, false]))).toEqual({ field: 'active', kind: 'non_personal', evidence: 'boolean', share: 1 });
    expect(profileColumnHint('name', statisticsOf(['Ada', 'Grace']))).toBeNull();
    const fields = new Map(
      Object.entries({ name: ['Ada', 'Grace'], rating: [1, 5, 3], email: ['ada@example.com', 'grace@navy.mil'] }).map(([field, values]) => {
        const profile = new FieldProfile();
        for (const value of values) profile.add(value);
        return [field, profile] as const;
      }),
    );
    expect(profileColumnHints({ fields })).toEqual([
      { field: 'rating', kind: 'non_personal', evidence: 'number_enum', share: 1 },
      { field: 'email', kind: 'personal', entityType: 'EMAIL_ADDRESS', share: 1 },
    ]);
  });

  it('gives no hint to the key "" or an overlong name, so the Explore record carrying the hints always meets its contract', () => {
    const fields = new Map(
      Object.entries({ '': [true, false], ['x'.repeat(301)]: [true], ok: [true] }).map(([field, values]) => {
        const profile = new FieldProfile();
        for (const value of values) profile.add(value);
        return [field, profile] as const;
      }),
    );
    const hints = profileColumnHints({ fields });
    expect(hints).toEqual([{ field: 'ok', kind: 'non_personal', evidence: 'boolean', share: 1 }]);
    expect(Value.Check(ProfileColumnHintsSchema, hints)).toBe(true);
  });
});
