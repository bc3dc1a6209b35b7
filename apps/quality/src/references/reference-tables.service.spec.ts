import { checkerFor, compileContract } from '../contracts/contract-compilation';
import { QualityEnvironment } from '../quality-environment';
import type { ReferenceTablesRepository } from './reference-tables.repository';
import { ReferenceUnavailableError } from './reference-tables.repository';
import { ReferenceTablesService } from './reference-tables.service';

const checker = checkerFor(
  compileContract({
    format: 'sodacl',
    id: 'customers-soda',
    version: '1.0.0',
    sodacl: `checks for customers:
  - values in (country) must exist in countries (code)
  - values in (segment) must exist in private.segments (code)
  - values in (tier) must exist in missing_table (code)
`,
  }),
  'customers',
)!;

describe('ReferenceTablesService', () => {
  const distinctValues = jest.fn<Promise<string[][]>, Parameters<ReferenceTablesRepository['distinctValues']>>();
  let service: ReferenceTablesService;

  beforeEach(() => {
    distinctValues.mockReset();
    const environment = Object.assign(new QualityEnvironment(), { QUALITY_REFERENCE_TTL_MS: 60_000, QUALITY_REFERENCE_MAX_VALUES: 3 });
    service = new ReferenceTablesService({ distinctValues } as unknown as ReferenceTablesRepository, environment);
  });

  it('loads each column a batch needs once, refuses schemas not listed, and reloads after the TTL', async () => {
    distinctValues.mockImplementation(async (reference) => {
      if (reference.table === 'missing_table') throw new ReferenceUnavailableError('no such table or column');
      return [['DE'], ['FR']];
    });
    await Promise.all([service.prepare([checker, checker, undefined], 1_000), service.prepare([checker], 1_000)]);
    expect(distinctValues.mock.calls).toEqual([
      [{ schema: 'reference', table: 'countries', columns: ['code'] }, 4],
      [{ schema: 'reference', table: 'missing_table', columns: ['code'] }, 4],
    ]);
    expect(checker.evaluate({ country: 'IT', segment: 'retail', tier: 'gold' }).failed).toMatchObject([{ checkId: 'customers.country.reference', measuredValue: 'IT' }]);
    expect(checker.evaluate({ country: 'DE', segment: 'retail', tier: 'gold' }).notEvaluated.map((result) => result.message)).toEqual([
      'schema "private" is not one reference tables are read from (QUALITY_REFERENCE_SCHEMAS)',
      'reference reference.missing_table(code): no such table or column',
    ]);
    await service.prepare([checker], 30_000);
    expect(distinctValues).toHaveBeenCalledTimes(2);
    distinctValues.mockResolvedValue([['DE'], ['FR'], ['IT']]);
    await service.prepare([checker], 61_000);
    expect(distinctValues).toHaveBeenCalledTimes(4);
    expect(checker.evaluate({ country: 'IT' }).failed).toEqual([]);
  });

  it('does not cache a column above the bound, and keeps values loaded before when the database fails', async () => {
    distinctValues.mockResolvedValue([['a'], ['b'], ['c'], ['d']]);
    await service.prepare([checker], 200_000);
    expect(checker.evaluate({ country: 'a' }).notEvaluated[0].message).toBe('reference reference.countries(code) has more than 3 values (QUALITY_REFERENCE_MAX_VALUES)');
    distinctValues.mockResolvedValue([['DE']]);
    await service.prepare([checker], 300_000);
    distinctValues.mockRejectedValue(new Error('connection refused'));
    await expect(service.prepare([checker], 400_000)).resolves.toBeUndefined();
    expect(checker.evaluate({ country: 'DE' }).failed).toEqual([]);
  });
});
