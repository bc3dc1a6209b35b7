import { INestApplication, ValidationPipe } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { resolve } from 'node:path';
import request from 'supertest';
import { apiKeyFingerprint, ApiKeyGuard } from '@atlas/auth';
import { BaseEnvironment } from '@atlas/config';
import { QualityEnvironment } from '../quality-environment';
import type { ReferenceTablesRepository } from '../references/reference-tables.repository';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { ActiveContractRegistry, CONTRACT_REFRESH_INTERVAL_MS } from './active-contract.registry';
import { ContractRepository } from './contract.repository';
import { ContractService } from './contract.service';
import { ContractsController } from './contracts.controller';
import { InMemoryContracts, ordersContract } from './test/in-memory-contracts';
import { encodeCursor } from '@atlas/platform';

const KEY = 'quality-test-api-key-000000000001';


/** No reference table is read in this test: the contract has no reference check. */
class UnreadableReferences {
  distinctValues(): Promise<string[][]> {
    return Promise.reject(new Error('no database in this test'));
  }
}

describe('ContractsController', () => {
  let app: INestApplication;
  const store = new InMemoryContracts();
  // The shipped contract files are seeded when the application starts.
  const environment = Object.assign(new QualityEnvironment(), { ATLAS_SERVICE_API_KEYS: [KEY], QUALITY_CONTRACTS_DIR: resolve(__dirname, '../../../../deploy/contracts') });
  const PEOPLE_ID = '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10';

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ContractsController],
      providers: [
        { provide: BaseEnvironment, useValue: environment },
        { provide: QualityEnvironment, useValue: environment },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: ContractRepository, useValue: store.asRepository() },
        { provide: CONTRACT_REFRESH_INTERVAL_MS, useValue: 60_000 },
        ActiveContractRegistry,
        { provide: ContractService, inject: [ContractRepository, ActiveContractRegistry], useFactory: (repository: ContractRepository, registry: ActiveContractRegistry) => new ContractService(repository, registry, environment, new ReferenceTablesService(new UnreadableReferences() as unknown as ReferenceTablesRepository, environment)) },
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.init();
  });
  afterAll(() => app.close());

  const auth = { Authorization: `Bearer ${KEY}` };
  const http = () => request(app.getHttpServer());

  it('creates (201), repeats (200), conflicts (409), reads, activates and lists versions', async () => {
    expect((await http().post('/api/v1/contracts').set(auth).send(ordersContract('1.0.0'))).status).toBe(201);
    expect((await http().post('/api/v1/contracts').set(auth).send(ordersContract('1.0.0'))).status).toBe(200);
    expect((await http().post('/api/v1/contracts').set(auth).send(ordersContract('1.0.0', 3))).status).toBe(409);
    const version = await http().get('/api/v1/contracts/orders-contract/versions/1.0.0').set(auth).expect(200);
    expect(version.body).toMatchObject({ contractId: 'orders-contract', version: '1.0.0', activeFor: [], document: ordersContract('1.0.0') });
    expect(version.body.sources[0].checks).toHaveLength(7);
    const activated = await http().post('/api/v1/contracts/orders-contract/versions/1.0.0/activate').set(auth).expect(200);
    expect(activated.body.activeFor).toEqual(['orders']);
    expect(store.active.get('orders')?.activatedBy).toBe(apiKeyFingerprint(KEY));
    const list = await http().get('/api/v1/contracts').set(auth).expect(200);
    expect(list.body).toEqual({
      items: [
        { contractId: PEOPLE_ID, versions: [{ version: '1.0.0', origin: 'file:people.odcs.yaml', createdAt: expect.any(String) }], active: [{ sourceId: 'people', version: '1.0.0', activatedAt: expect.any(String) }] },
        { contractId: 'orders-contract', versions: [{ version: '1.0.0', origin: 'api', createdAt: expect.any(String) }], active: [{ sourceId: 'orders', version: '1.0.0', activatedAt: expect.any(String) }] },
      ],
      nextCursor: null,
    });
    // By contract id, a page at a time.
    const first = await http().get('/api/v1/contracts').query({ limit: 1 }).set(auth).expect(200);
    expect(first.body).toEqual({ items: [list.body.items[0]], nextCursor: encodeCursor('contracts:contractId', [PEOPLE_ID]) });
    expect((await http().get('/api/v1/contracts').query({ limit: 1, cursor: first.body.nextCursor }).set(auth).expect(200)).body).toEqual({ items: [list.body.items[1]], nextCursor: null });
    expect((await http().get('/api/v1/contracts').query({ cursor: encodeCursor('contracts:contractId', ['not a contract id']) }).set(auth).expect(400)).body.code).toBe('cursor_invalid');
    expect((await http().get('/api/v1/contracts/orders-contract').set(auth)).body.contractId).toBe('orders-contract');
  });

  it('answers 400 naming each path, validates without storing, and dry-runs', async () => {
    const bad = await http().post('/api/v1/contracts').set(auth).send({ ...ordersContract('2.0.0'), kind: 'Table' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'contract_invalid', problems: [{ path: '/kind', message: 'must be one of DataContract' }] });
    const validation = await http().post('/api/v1/contracts/validate').set(auth).send({ ...ordersContract('2.0.0'), kind: 'Table' }).expect(200);
    expect(validation.body).toEqual({ valid: false, problems: [{ path: '/kind', message: 'must be one of DataContract' }] });
    const dryRun = await http().post('/api/v1/contracts/orders-contract/versions/1.0.0/dry-run').set(auth).send({ records: [{ order_id: 1, amount: -2 }] }).expect(200);
    expect(dryRun.body.records[0].failed).toEqual([
      { checkId: 'orders.amount.minimum', checkName: 'amount is at least 0', rule: 'minimum', field: 'amount', level: 'fail', outcome: 'fail', measuredValue: -2, message: 'amount is -2, not at least 0' },
    ]);
  });

  it('validates path parameters and answers 404 for unknown contracts', async () => {
    expect((await http().get('/api/v1/contracts/bad%20id').set(auth)).status).toBe(400);
    expect((await http().get('/api/v1/contracts/unknown').set(auth)).status).toBe(404);
    expect((await http().get('/api/v1/contracts/orders-contract/versions/9.0.0').set(auth)).status).toBe(404);
  });

  it('needs an API key on every endpoint', async () => {
    expect((await http().get('/api/v1/contracts')).status).toBe(401);
    expect((await http().post('/api/v1/contracts').send(ordersContract('3.0.0'))).status).toBe(401);
    expect((await http().post('/api/v1/contracts/orders-contract/versions/1.0.0/activate').set('X-API-Key', 'not-a-key-000000000000000')).status).toBe(401);
    expect(store.versions.map((row) => `${row.contractId}@${row.version}`)).toEqual([`${PEOPLE_ID}@1.0.0`, 'orders-contract@1.0.0']);
  });
});
