import { FieldProfile, FieldStatistics } from './field-profile';
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
      otherTopValuesAtMost: 0,
      // Of the strings, only the non-blank "abc".
      patterns: [{ value: 'a', count: 1, error: 0 }],
      otherPatternsAtMost: 0,
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

  it('merges 50 batches of a skewed run into the statistics of the whole run: counts, ranges, distinct registers, exact top values', () => {
    // 5,000 values: 40 two-letter codes, "ZZ" absent until record 4,000 then frequent, 7 small numbers,
    // dates (one shape), nulls and blanks: 50 top-value keys, fewer than the sketch's 64.
    const values: unknown[] = Array.from({ length: 5000 }, (_, index) => {
      if (index % 97 === 0) return null;
      if (index % 89 === 0) return ' ';
      if (index % 13 === 0) return index % 7;
      if (index % 17 === 0) return `19${String(index % 100).padStart(2, '0')}-01-01`;
      if (index > 4000 && index % 3 === 0) return 'ZZ';
      return String.fromCharCode(65 + (index % 20)) + (index % 30 < 4 ? 'Q' : 'X');
    });
    const whole = profileOf(values);
    const merged = new FieldProfile();
    for (let first = 0; first < values.length; first += 100) merged.merge(profileOf(values.slice(first, first + 100)));
    let stored = new FieldProfile();
    for (let first = 0; first < values.length; first += 100) {
      // As the repository does: restore the stored profile, merge the batch, store it again.
      stored = new FieldProfile(JSON.parse(JSON.stringify(stored.toStatistics())) as FieldStatistics, stored.distinct.registers.slice());
      stored.merge(profileOf(values.slice(first, first + 100)));
    }
    const wholeStatistics = whole.toStatistics();
    expect(wholeStatistics.otherTopValuesAtMost).toBe(0);
    expect(wholeStatistics.topValues.find((entry) => entry.value === 'value:ZZ')).toEqual({ value: 'value:ZZ', count: values.filter((value) => value === 'ZZ').length, error: 0 });
    expect(merged.toStatistics()).toEqual(wholeStatistics);
    expect(stored.toStatistics()).toEqual(wholeStatistics);
    expect(merged.distinct.registers).toEqual(whole.distinct.registers);
    expect(stored.distinct.registers).toEqual(whole.distinct.registers);
  });

  it('keeps the distinct registers and ranges when the same batch is merged again, while counts add', () => {
    const batch = profileOf([3, null, 9, 'x']);
    const run = profileOf([1, 2]);
    run.merge(batch);
    const once = run.toStatistics();
    const registers = run.distinct.registers.slice();
    run.merge(batch);
    // Max and union are idempotent; counts are not, which is why only newly inserted records are profiled.
    expect(run.distinct.registers).toEqual(registers);
    expect(run.toStatistics()).toMatchObject({ numberRange: once.numberRange, present: once.present + 4, nulls: once.nulls + 1 });
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
