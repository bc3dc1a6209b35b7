import { FieldProfile } from './field-profile';
import { HyperLogLog } from './hyperloglog';
import { profileRecords } from './batch-profile';

function profileOf(values: unknown[]): FieldProfile {
  const profile = new FieldProfile();
  for (const value of values) profile.add(value);
  return profile;
}

describe('FieldProfile', () => {
  it('counts types, nulls and blanks, and keeps ranges of numbers, years and string lengths', () => {
    const profile = profileOf(['12', 7, null, '3.5', 'abc', ' ', '2026-11-30', '1999-01-02T03:04:05Z', 'true']);
    expect(profile.toStatistics()).toEqual({
      present: 9,
      nulls: 1,
      blanks: 1,
      types: { integer: 2, null: 1, number: 1, string: 2, date: 1, datetime: 1, boolean: 1 },
      numberRange: { min: 3.5, max: 12 },
      numberRangeWithheld: false,
      yearRange: { min: 1999, max: 2026 },
      lengthRange: { min: 1, max: 3 },
      topValues: [
        { value: 'shape: ', count: 1, error: 0 },
        { value: 'shape:9999-99-99', count: 1, error: 0 },
        { value: 'shape:9999-99-99A99:99:99A', count: 1, error: 0 },
        { value: 'shape:aaa', count: 1, error: 0 },
        { value: 'value:12', count: 1, error: 0 },
        { value: 'value:3.5', count: 1, error: 0 },
        { value: 'value:7', count: 1, error: 0 },
        { value: 'value:true', count: 1, error: 0 },
      ],
    });
    expect(profile.distinct.estimate()).toBe(8);
  });

  it('withholds the number range for good once an identifier-like number is seen', () => {
    const profile = profileOf(['5', '4532015112830366', '9']);
    expect(profile.toStatistics()).toMatchObject({ numberRange: null, numberRangeWithheld: true });
    const small = profileOf(['1', '2']);
    small.merge(profile);
    expect(small.toStatistics()).toMatchObject({ numberRange: null, numberRangeWithheld: true });
  });

  it('merges two halves into the statistics of the whole', () => {
    const values = ['US', 'GL', 'US', null, '40', 'x', 'PT', 'US', '', '19'];
    const left = profileOf(values.slice(0, 4));
    left.merge(profileOf(values.slice(4)));
    const whole = profileOf(values);
    expect(left.toStatistics()).toEqual(whole.toStatistics());
    expect(left.distinct.estimate()).toBe(whole.distinct.estimate());
    expect(left.toStatistics().topValues[0]).toEqual({ value: 'value:US', count: 3, error: 0 });
  });

  it('restores from stored statistics and registers', () => {
    const profile = profileOf(['a', 'b', 'a']);
    const restored = new FieldProfile(profile.toStatistics(), new HyperLogLog(profile.distinct.registers.slice()).registers);
    restored.add('c');
    expect(restored.toStatistics()).toMatchObject({ present: 4, types: { string: 4 } });
    expect(restored.distinct.estimate()).toBe(3);
  });
});

describe('profileRecords', () => {
  it('profiles each run apart, field by field', () => {
    const profiles = profileRecords([
      { sourceId: 's', runId: 'r1', payload: { id: 1, name: 'Ada' } },
      { sourceId: 's', runId: 'r2', payload: { id: 2 } },
      { sourceId: 's', runId: 'r1', payload: { id: 3, email: null } },
    ]);
    expect(profiles.map((profile) => [profile.runId, profile.records, [...profile.fields.keys()], profile.fieldLimitReached])).toEqual([
      ['r1', 2, ['id', 'name', 'email'], false],
      ['r2', 1, ['id'], false],
    ]);
    expect(profiles[0].fields.get('id')!.toStatistics()).toMatchObject({ present: 2, numberRange: { min: 1, max: 3 } });
  });

  it('profiles at most 200 fields of a run and says a field was left out', () => {
    const payload = Object.fromEntries(Array.from({ length: 250 }, (_, index) => [`field${index}`, index]));
    const [profile] = profileRecords([{ sourceId: 's', runId: 'r', payload }]);
    expect(profile.fields.size).toBe(200);
    expect(profile.fields.has('field199')).toBe(true);
    expect(profile.fields.has('field200')).toBe(false);
    expect(profile.fieldLimitReached).toBe(true);
  });
});
