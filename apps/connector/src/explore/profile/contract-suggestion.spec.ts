import { FieldProfileResponse, RunProfileResponse } from './profile.dto';
import { suggestContract } from './contract-suggestion';

function field(name: string, inferredType: string, overrides: Partial<FieldProfileResponse> = {}): FieldProfileResponse {
  return {
    name,
    inferredType,
    types: {},
    present: 100,
    missing: 0,
    nulls: 0,
    nullRate: 0,
    blanks: 0,
    distinctEstimate: 5,
    numberRange: null,
    numberRangeWithheld: false,
    yearRange: null,
    lengthRange: null,
    topValues: [],
    otherTopValuesAtMost: 0,
    ...overrides,
  };
}

function profileWith(fields: FieldProfileResponse[]): RunProfileResponse {
  return { sourceId: 'people', runId: 'run-1', records: 100, maxFields: 200, fieldLimitReached: false, updatedAt: '2026-11-30T00:00:00.000Z', fields };
}

describe('suggestContract', () => {
  it('maps types, marks required and unique fields, and picks a key-named unique field as primary key', () => {
    const suggestion = suggestContract(
      profileWith([
        field('email', 'string', { distinctEstimate: 100 }),
        field('customer_id', 'integer', { distinctEstimate: 99 }),
        field('born', 'date', { nulls: 10, nullRate: 0.1 }),
        field('seen_at', 'datetime', { present: 90, missing: 10, nullRate: 0.1 }),
        field('note', 'string', { blanks: 3 }),
        field('extra', 'mixed'),
        field('flag', 'boolean'),
      ]),
    );
    expect(suggestion).toEqual({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'people-contract',
      version: '0.1.0',
      status: 'draft',
      description: { purpose: 'Drafted from the profile of run run-1 (100 records); review before activating.' },
      schema: [
        {
          name: 'people',
          properties: [
            { name: 'email', logicalType: 'string', required: true, unique: true },
            { name: 'customer_id', logicalType: 'integer', required: true, unique: true, primaryKey: true, primaryKeyPosition: 1 },
            { name: 'born', logicalType: 'date' },
            { name: 'seen_at', logicalType: 'timestamp' },
            { name: 'note', logicalType: 'string' },
            { name: 'extra', required: true },
            { name: 'flag', logicalType: 'boolean', required: true },
          ],
        },
      ],
    });
  });

  it('falls back to the first required unique integer, and proposes no key without one', () => {
    const withInteger = suggestContract(profileWith([field('code', 'string', { distinctEstimate: 100 }), field('serial', 'integer', { distinctEstimate: 100 })]));
    expect(withInteger.schema[0].properties.filter((property) => property.primaryKey).map((property) => property.name)).toEqual(['serial']);
    const without = suggestContract(profileWith([field('code', 'string', { distinctEstimate: 100 }), field('serial', 'integer', { distinctEstimate: 98 })]));
    expect(without.schema[0].properties.some((property) => property.primaryKey)).toBe(false);
  });
});
