import { NotFoundException } from '@nestjs/common';
import { FieldProfile } from './field-profile';
import { fieldProfileView, inferredTypeOf, ProfileService } from './profile.service';
import { RunProfileRepository, StoredRunProfile } from './run-profile.repository';

function profileOf(values: unknown[]): FieldProfile {
  const profile = new FieldProfile();
  for (const value of values) profile.add(value);
  return profile;
}

describe('inferredTypeOf', () => {
  it.each([
    [{}, 'null'],
    [{ null: 3 }, 'null'],
    [{ integer: 5, null: 2 }, 'integer'],
    [{ integer: 5, number: 1 }, 'number'],
    [{ date: 5, datetime: 1 }, 'datetime'],
    [{ integer: 5, string: 1 }, 'string'],
    [{ object: 1, string: 1 }, 'mixed'],
  ])('reads %p as %s', (types, type) => {
    expect(inferredTypeOf(types)).toBe(type);
  });
});

describe('fieldProfileView', () => {
  it('derives missing values and the null rate from the run record count, and splits top values into values and shapes', () => {
    const view = fieldProfileView('country', profileOf(['US', 'US', null, 'Greenland', 12, 'Iceland', 12]), 10);
    expect(view).toEqual({
      name: 'country',
      inferredType: 'string',
      types: { string: 4, null: 1, integer: 2 },
      present: 7,
      missing: 3,
      nulls: 1,
      nullRate: 0.4,
      blanks: 0,
      distinctEstimate: 4,
      numberRange: { min: 12, max: 12 },
      numberRangeWithheld: false,
      yearRange: null,
      lengthRange: { min: 2, max: 9 },
      // Seen once each, "Greenland" and "Iceland" (shapes Aaaaaaaaa, Aaaaaaa) are not top values.
      topValues: [
        { value: '12', count: 2, error: 0 },
        { value: 'US', count: 2, error: 0 },
      ],
      // The two shapes seen once each.
      otherTopValuesAtMost: 1,
    });
  });

  it('never reports more distinct values than non-null values', () => {
    const profile = profileOf(['a']);
    // Registers as if many values had been seen: the estimate is capped by the one value present.
    profile.distinct.registers.fill(3);
    expect(fieldProfileView('x', profile, 1).distinctEstimate).toBe(1);
  });
});

describe('fieldProfileView top values', () => {
  it('serves only entries the sketch guarantees twice, so a field of unique values has none', () => {
    const unique = profileOf(Array.from({ length: 100 }, (_, index) => index));
    expect(unique.toStatistics().topValues).toHaveLength(64);
    expect(fieldProfileView('id', unique, 100)).toMatchObject({ topValues: [], otherTopValuesAtMost: 2 });
  });

  it('serves the 20 most frequent of 40 values, exactly, and bounds the rest by the 21st count', () => {
    // Value k (0-39) occurs 50 - k times.
    const values = Array.from({ length: 40 }, (_, value) => Array.from({ length: 50 - value }, () => value)).flat();
    const view = fieldProfileView('grade', profileOf(values), values.length);
    expect(view.topValues).toEqual(Array.from({ length: 20 }, (_, value) => ({ value: String(value), count: 50 - value, error: 0 })));
    expect(view.otherTopValuesAtMost).toBe(30);
  });
});

describe('ProfileService', () => {
  const find = jest.fn<Promise<StoredRunProfile | null>, [string, string | undefined]>();
  const service = new ProfileService({ find } as unknown as RunProfileRepository);

  it('serves the stored profile of a run', async () => {
    find.mockResolvedValueOnce({
      runId: '3f1c2b4a-0000-4000-8000-000000000001',
      sourceId: 'people',
      records: 2,
      fieldLimitReached: false,
      createdAt: new Date('2026-11-30T01:00:00Z'),
      updatedAt: new Date('2026-11-30T01:00:05Z'),
      fields: [{ name: 'id', profile: profileOf([1, 2]) }],
    });
    const served = await service.find('people');
    expect(find).toHaveBeenLastCalledWith('people', undefined);
    expect(served).toMatchObject({ sourceId: 'people', records: 2, maxFields: 200, fieldLimitReached: false, updatedAt: '2026-11-30T01:00:05.000Z' });
    expect(served.fields[0]).toMatchObject({ name: 'id', inferredType: 'integer', distinctEstimate: 2, numberRange: { min: 1, max: 2 } });
  });

  it('hints the fields of a personal kind, and only those', async () => {
    find.mockResolvedValueOnce({
      runId: '3f1c2b4a-0000-4000-8000-000000000001',
      sourceId: 'people',
      records: 3,
      fieldLimitReached: false,
      createdAt: new Date('2026-11-30T01:00:00Z'),
      updatedAt: new Date('2026-11-30T01:00:05Z'),
      fields: [
        { name: 'email', profile: profileOf(['ada@example.com', 'grace@navy.mil', null]) },
        { name: 'name', profile: profileOf(['Ada', 'Grace', 'Marie']) },
        { name: 'phone', profile: profileOf(['+45 84 23 30', '(555) 555-0134', '84 23 30']) },
      ],
    });
    expect(await service.columnHints('people', '3f1c2b4a-0000-4000-8000-000000000001')).toEqual({
      sourceId: 'people',
      runId: '3f1c2b4a-0000-4000-8000-000000000001',
      records: 3,
      minShare: 0.9,
      hints: [
        { field: 'email', entityType: 'EMAIL_ADDRESS', share: 1 },
        { field: 'phone', entityType: 'PHONE_NUMBER', share: 1 },
      ],
    });
    expect(find).toHaveBeenLastCalledWith('people', '3f1c2b4a-0000-4000-8000-000000000001');
  });

  it('says when the source or the run has no profile', async () => {
    find.mockResolvedValue(null);
    await expect(service.find('people')).rejects.toThrow(new NotFoundException('No profile of this source: it has no run with records'));
    const runId = '3f1c2b4a-0000-4000-8000-00000000abcd';
    const refusal = await service.find('people', runId).catch((error: NotFoundException) => error);
    expect((refusal as NotFoundException).getResponse()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'profile_not_found',
      message: 'No profile of this run: the source has no such run, or the run landed no records',
    });
    // Errors never quote their input.
    expect(JSON.stringify((refusal as NotFoundException).getResponse())).not.toMatch(/people|abcd/);
    await expect(service.columnHints('people', runId)).rejects.toThrow('No profile of this run: the source has no such run, or the run landed no records');
  });
});
