import { ActiveContractRegistry } from './active-contract.registry';
import { InMemoryContracts, ordersContract } from './test/in-memory-contracts';

describe('ActiveContractRegistry', () => {
  let store: InMemoryContracts;
  let registry: ActiveContractRegistry;

  beforeEach(async () => {
    store = new InMemoryContracts();
    const repository = store.asRepository();
    await repository.insertVersion({ contractId: 'orders-contract', version: '1.0.0', document: ordersContract('1.0.0'), documentChecksum: 'a'.repeat(64), origin: 'api' });
    await repository.activate('orders-contract', '1.0.0', ['orders'], 'fp');
    registry = new ActiveContractRegistry(repository, 60_000);
  });
  afterEach(() => registry.onModuleDestroy());

  it('is not loaded until seeding and the first load succeed; a failed seeding is retried on the next refresh', async () => {
    const seed = jest.fn().mockRejectedValueOnce(new Error('database unavailable')).mockResolvedValue(undefined);
    await registry.start(seed);
    expect(registry.isLoaded()).toBe(false);
    expect(registry.forSource('orders')).toBeUndefined();
    await registry.refresh();
    expect(seed).toHaveBeenCalledTimes(2);
    expect(registry.isLoaded()).toBe(true);
    await registry.refresh();
    expect(seed).toHaveBeenCalledTimes(2);
  });

  it('keeps the compiled checker of an unchanged version across refreshes and follows activations', async () => {
    await registry.refresh();
    const first = registry.forSource('orders');
    expect(first).toMatchObject({ contractId: 'orders-contract', contractVersion: '1.0.0', sourceId: 'orders' });
    await registry.refresh();
    expect(registry.forSource('orders')).toBe(first);
    await store.asRepository().insertVersion({ contractId: 'orders-contract', version: '2.0.0', document: ordersContract('2.0.0', 10), documentChecksum: 'b'.repeat(64), origin: 'api' });
    await store.asRepository().activate('orders-contract', '2.0.0', ['orders'], 'fp');
    await registry.refresh();
    expect(registry.forSource('orders')?.contractVersion).toBe('2.0.0');
  });

  it('ignores a stored version that no longer compiles instead of failing every refresh', async () => {
    const broken = { ...ordersContract('3.0.0'), schema: [{ name: 'orders' }, { name: 'orders' }] };
    await store.asRepository().insertVersion({ contractId: 'orders-contract', version: '3.0.0', document: broken, documentChecksum: 'c'.repeat(64), origin: 'api' });
    await store.asRepository().activate('orders-contract', '3.0.0', ['orders'], 'fp');
    await registry.refresh();
    expect(registry.isLoaded()).toBe(true);
    expect(registry.forSource('orders')).toBeUndefined();
  });
});
