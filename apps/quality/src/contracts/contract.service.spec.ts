import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { QualityEnvironment } from '../quality-environment';
import type { ReferenceTablesRepository } from '../references/reference-tables.repository';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { ActiveContractRegistry } from './active-contract.registry';
import { readContractFiles } from './contract-files';
import { ContractService } from './contract.service';
import { InMemoryContracts, ordersContract } from './test/in-memory-contracts';

const PEOPLE_FILE = resolve(__dirname, '../../../../deploy/contracts/people.odcs.yaml');

describe('ContractService', () => {
  let store: InMemoryContracts;
  let registry: ActiveContractRegistry;
  let service: ContractService;
  let directory: string;
  const distinctValues = jest.fn<Promise<string[][]>, Parameters<ReferenceTablesRepository['distinctValues']>>();

  beforeEach(() => {
    distinctValues.mockReset();
    store = new InMemoryContracts();
    registry = new ActiveContractRegistry(store.asRepository(), 60_000);
    directory = mkdtempSync(join(tmpdir(), 'atlas-contracts-'));
    const environment = Object.assign(new QualityEnvironment(), { QUALITY_CONTRACTS_DIR: directory });
    service = new ContractService(store.asRepository(), registry, environment, new ReferenceTablesService({ distinctValues } as unknown as ReferenceTablesRepository, environment));
  });

  afterEach(() => {
    registry.onModuleDestroy();
    rmSync(directory, { recursive: true, force: true });
  });

  it('seeds contract files at start-up as active initial versions, idempotently', async () => {
    writeFileSync(join(directory, 'people.odcs.yaml'), readFileSync(PEOPLE_FILE, 'utf8'));
    writeFileSync(join(directory, 'notes.md'), 'not a contract');
    await service.onModuleInit();
    expect(registry.isLoaded()).toBe(true);
    expect(registry.forSource('people')).toMatchObject({ contractId: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10', contractVersion: '1.0.0', checkCount: 8 });
    expect(store.versions.map((row) => [row.contractId, row.version, row.origin])).toEqual([['9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10', '1.0.0', 'file:people.odcs.yaml']]);
    // A second replica (or restart) stores and activates nothing new.
    const activatedAt = store.active.get('people')!.activatedAt;
    await service.seedFromFiles(readContractFiles(directory));
    expect(store.versions).toHaveLength(1);
    expect(store.active.get('people')!.activatedAt).toBe(activatedAt);
  });

  it('a file never overrides a version activated through the API', async () => {
    await service.createVersion(ordersContract('1.0.0'));
    await service.createVersion(ordersContract('2.0.0', 100));
    await service.activate('orders-contract', '2.0.0', 'key-fingerprint');
    writeFileSync(join(directory, 'orders.odcs.yaml'), JSON.stringify(ordersContract('1.0.0')));
    await service.seedFromFiles(readContractFiles(directory));
    expect(store.active.get('orders')).toMatchObject({ version: '2.0.0', activatedBy: 'key-fingerprint' });
  });

  it('stops start-up on an invalid contract file, naming it and the path', async () => {
    writeFileSync(join(directory, 'bad.odcs.yaml'), 'apiVersion: v3.1.0\nkind: DataContract\nversion: 1.0.0\nstatus: active\n');
    await expect(service.onModuleInit()).rejects.toThrow('bad.odcs.yaml is not a valid ODCS v3.1 contract: /id is required');
  });

  it('creates immutable versions: the same document again is no change, another one is a conflict', async () => {
    const first = await service.createVersion(ordersContract('1.0.0'));
    expect(first.created).toBe(true);
    expect(first.view).toMatchObject({ contractId: 'orders-contract', version: '1.0.0', origin: 'api', activeFor: [] });
    expect(first.view.notEvaluated).toEqual([]);
    expect(first.view.sources[0].runChecks.map((check) => check.id)).toEqual(['orders.order_ref.unique']);
    expect((await service.createVersion(ordersContract('1.0.0'))).created).toBe(false);
    await expect(service.createVersion(ordersContract('1.0.0', 5))).rejects.toThrow(ConflictException);
  });

  it('refuses an invalid document with every problem and its path', async () => {
    const attempt = service.createVersion({ ...ordersContract('1.0.0'), status: undefined, schema: [{ name: 'orders', properties: [{ name: 'x', logicalType: 'money' }] }] });
    await expect(attempt).rejects.toThrow(BadRequestException);
    await attempt.catch((error: BadRequestException) =>
      expect(error.getResponse()).toMatchObject({
        code: 'contract_invalid',
        problems: [
          { path: '/status', message: 'is required' },
          { path: '/schema/0/properties/0/logicalType', message: 'must be one of string, date, timestamp, time, number, integer, object, array, boolean' },
        ],
      }),
    );
    expect(store.versions).toEqual([]);
  });

  it('validates without storing', () => {
    expect(service.validate(ordersContract('1.0.0'))).toMatchObject({ valid: true, problems: [], sources: [{ sourceId: 'orders' }] });
    expect(service.validate({ kind: 'DataContract' })).toMatchObject({ valid: false, problems: expect.arrayContaining([{ path: '/id', message: 'is required' }]) });
    expect(store.versions).toEqual([]);
  });

  it('activation switches the version that checks a source, at once', async () => {
    await service.createVersion(ordersContract('1.0.0'));
    await service.createVersion(ordersContract('1.1.0', 100));
    expect(registry.forSource('orders')).toBeUndefined();
    expect((await service.activate('orders-contract', '1.0.0', 'fp')).activeFor).toEqual(['orders']);
    expect(registry.forSource('orders')?.evaluate({ order_id: 1, amount: 500 }).failed).toEqual([]);
    await service.activate('orders-contract', '1.1.0', 'fp');
    expect(registry.forSource('orders')?.contractVersion).toBe('1.1.0');
    expect(registry.forSource('orders')?.evaluate({ order_id: 1, amount: 500 }).failed.map((result) => result.checkId)).toEqual(['orders.amount.maximum']);
    expect(await service.getContract('orders-contract')).toEqual({
      contractId: 'orders-contract',
      versions: [
        { version: '1.1.0', origin: 'api', createdAt: expect.any(String) },
        { version: '1.0.0', origin: 'api', createdAt: expect.any(String) },
      ],
      active: [{ sourceId: 'orders', version: '1.1.0', activatedAt: expect.any(String) }],
    });
  });

  it("answers the activation with a replay of each source's held records", async () => {
    await service.createVersion(ordersContract('1.0.0'));
    store.held.set('orders', 42);
    const activation = await service.activate('orders-contract', '1.0.0', 'fp');
    expect(activation.heldReplays).toEqual([
      {
        replayId: expect.any(String),
        sourceId: 'orders',
        contractId: 'orders-contract',
        contractVersion: '1.0.0',
        state: 'pending',
        heldAtRequest: 42,
        heldNow: 42,
        judged: 0,
        released: 0,
        stillQuarantined: 0,
        notReplayable: 0,
        attempts: 0,
        requestedAt: expect.any(String),
        startedAt: null,
        finishedAt: null,
        lastError: null,
      },
    ]);
  });

  it('deactivates a source\'s contract: the source has none at once, and activating again lifts the deactivation', async () => {
    await service.createVersion(ordersContract('1.0.0'));
    await service.activate('orders-contract', '1.0.0', 'fp');
    expect(registry.forSource('orders')).toMatchObject({ contractVersion: '1.0.0' });
    store.unfinishedReplays.set('orders', 1);
    expect(await service.deactivate('orders', 'fp-2')).toEqual({
      sourceId: 'orders',
      contractId: 'orders-contract',
      contractVersion: '1.0.0',
      deactivatedAt: new Date(Date.UTC(2026, 10, 29) + 3000).toISOString(),
      supersededReplays: 1,
    });
    // The registry answers at once: the next records of the source are held (no_active_contract).
    expect(registry.forSource('orders')).toBeUndefined();
    expect(store.deactivated.get('orders')).toEqual({ contractId: 'orders-contract', version: '1.0.0', deactivatedBy: 'fp-2' });
    await expect(service.deactivate('orders', 'fp-2')).rejects.toThrow('No contract is active for this source');
    await expect(service.deactivate('Not A Source', 'fp-2')).rejects.toThrow(NotFoundException);
    await service.activate('orders-contract', '1.0.0', 'fp');
    expect(registry.forSource('orders')).toMatchObject({ contractVersion: '1.0.0' });
    expect(store.deactivated.has('orders')).toBe(false);
  });

  it("answers what governs a source and how many of its records are held", async () => {
    await service.createVersion(ordersContract('1.0.0'));
    store.held.set('orders', 7);
    expect(await service.sourceStatus('orders')).toEqual({ sourceId: 'orders', activeContract: null, heldRecords: 7 });
    await service.activate('orders-contract', '1.0.0', 'fp');
    expect(await service.sourceStatus('orders')).toEqual({
      sourceId: 'orders',
      activeContract: { contractId: 'orders-contract', version: '1.0.0', activatedAt: new Date(Date.UTC(2026, 10, 29) + 2000).toISOString() },
      heldRecords: 7,
    });
  });

  it('start-up seeding does not activate a contract file again for a source deactivated through the API', async () => {
    writeFileSync(join(directory, 'orders.odcs.yaml'), JSON.stringify(ordersContract('1.0.0')));
    await service.seedFromFiles(readContractFiles(directory));
    expect(store.active.get('orders')).toMatchObject({ version: '1.0.0', activatedBy: 'file' });
    await service.deactivate('orders', 'fp');
    await service.seedFromFiles(readContractFiles(directory));
    expect(store.active.has('orders')).toBe(false);
  });

  it('refuses to activate over a source governed by another contract, and unknown versions', async () => {
    await service.createVersion(ordersContract('1.0.0'));
    await service.activate('orders-contract', '1.0.0', 'fp');
    await service.createVersion({ ...ordersContract('1.0.0'), id: 'rival' });
    await expect(service.activate('rival', '1.0.0', 'fp')).rejects.toThrow('Sources already governed by another contract: "orders" (contract "orders-contract"); give them a version of that contract instead');
    await expect(service.activate('orders-contract', '9.9.9', 'fp')).rejects.toThrow(NotFoundException);
  });

  it('dry-runs posted records against a stored version with every check result', async () => {
    await service.createVersion(ordersContract('1.1.0', 100));
    const view = await service.dryRun('orders-contract', '1.1.0', { records: [{ order_id: 1, amount: 5, status: 'new' }, { order_id: 'x', amount: 500, status: 'lost' }] });
    expect(view.summary).toEqual({ records: 2, valid: 1, quarantined: 1, warned: 0 });
    expect(view.records[1].failed.map((result) => [result.checkId, result.checkName, result.measuredValue])).toEqual([
      ['orders.order_id.logical_type', 'order_id is an integer', 'string'],
      ['orders.amount.maximum', 'amount is at most 100', 500],
      ['order-status', 'Known order status', 'lost'],
    ]);
    expect(view.records[0].results.map((result) => result.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'not_evaluated']);
    await expect(service.dryRun('orders-contract', '1.1.0', { records: [] })).rejects.toThrow('records must hold 1 to 1000 records');
    await expect(service.dryRun('orders-contract', '1.1.0', { records: [1] })).rejects.toThrow('records must be JSON objects; not at index 0');
    await expect(service.dryRun('orders-contract', '1.1.0', { records: [{}], sourceId: 'people' })).rejects.toThrow('sourceId must name one of the contract\'s schema objects: "orders"');
  });

  it('dry-runs reference checks with the tables loaded as the stream loads them, one column or a tuple', async () => {
    distinctValues.mockImplementation(async (reference) => (reference.columns.length === 1 ? [['DE'], ['FR']] : [['DE', 'BY'], ['FR', 'IDF']]));
    const sodacl = 'checks for customers:\n  - values in (country) must exist in countries (code)\n  - values in (country, region) must exist in regions (country, code)\n';
    await service.createVersion({ format: 'sodacl', id: 'customers-soda', version: '1.0.0', sodacl });
    const view = await service.dryRun('customers-soda', '1.0.0', { records: [{ country: 'DE', region: 'BY' }, { country: 'FR', region: 'BY' }, { country: 'IT', region: 'IDF' }] });
    expect(distinctValues.mock.calls).toEqual([
      [{ schema: 'reference', table: 'countries', columns: ['code'] }, 100_001],
      [{ schema: 'reference', table: 'regions', columns: ['country', 'code'] }, 100_001],
    ]);
    expect(view.summary).toEqual({ records: 3, valid: 1, quarantined: 2, warned: 0 });
    expect(view.records.map((record) => record.failed.map((result) => [result.checkId, result.measuredValue]))).toEqual([
      [],
      [['customers.country+region.reference', { country: 'FR', region: 'BY' }]],
      [
        ['customers.country.reference', 'IT'],
        ['customers.country+region.reference', { country: 'IT', region: 'IDF' }],
      ],
    ]);
    // A database that cannot be read leaves the checks of a column never loaded not evaluated; the dry-run still answers.
    distinctValues.mockRejectedValue(new Error('connection refused'));
    await service.createVersion({ format: 'sodacl', id: 'customers-soda', version: '1.0.1', sodacl: 'checks for customers:\n  - values in (segment) must exist in segments (code)\n' });
    const unread = await service.dryRun('customers-soda', '1.0.1', { records: [{ segment: 'retail' }] });
    expect(unread.records[0].notEvaluated.map((result) => result.message)).toEqual(['reference reference.segments(code) is not loaded']);
  });
});
