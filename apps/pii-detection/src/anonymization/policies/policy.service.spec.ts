import { DEFAULT_ROW, InMemoryPolicies } from '../test/in-memory-policies';
import { PolicyService } from './policy.service';
import { BUILT_IN_DEFAULT_POLICY } from './policy.types';
import { statusOf } from '../test/fixtures';

describe('PolicyService', () => {
  let policies: InMemoryPolicies;
  let service: PolicyService;

  beforeEach(() => {
    policies = new InMemoryPolicies();
    policies.add(DEFAULT_ROW);
    service = new PolicyService(policies.asRepository(), 10_000);
  });
  afterEach(() => service.onModuleDestroy());

  it('serves the built-in default until policies are loaded, and when the database fails', async () => {
    expect(service.policyFor('people')).toBe(BUILT_IN_DEFAULT_POLICY);
    policies.latestVersions.mockRejectedValueOnce(new Error('connection refused'));
    await service.onModuleInit();
    expect(service.policyFor('people')).toMatchObject({ policyId: 'default', version: 1 });
  });

  it('applies the newest version of the source policy, falling back to the * policy', async () => {
    policies.add({ policyId: 'people-policy', version: 1, sourceId: 'people', document: { rules: { DEFAULT: { operator: 'hash' } } } });
    policies.add({ policyId: 'people-policy', version: 2, sourceId: 'people', document: { rules: { DEFAULT: { operator: 'redact' } }, fieldRules: { notes: { operator: 'drop' } } } });
    await service.refresh();
    expect(service.policyFor('people')).toMatchObject({ policyId: 'people-policy', version: 2, sourceId: 'people', rules: { DEFAULT: { operator: 'redact' } }, fieldRules: { notes: { operator: 'drop' } } });
    expect(service.policyFor('orders')).toMatchObject({ policyId: 'default', version: 1, sourceId: '*', rules: { DEFAULT: { operator: 'replace' } } });
  });

  it('follows a policy whose newest version moved to another source', async () => {
    policies.add({ policyId: 'p', version: 1, sourceId: 'people', document: { rules: {} } });
    policies.add({ policyId: 'p', version: 2, sourceId: 'orders', document: { rules: {} } });
    await service.refresh();
    expect(service.policyFor('people').policyId).toBe('default');
    expect(service.policyFor('orders')).toMatchObject({ policyId: 'p', version: 2 });
  });

  it('skips a stored version that no longer validates', async () => {
    policies.add({ policyId: 'broken', version: 1, sourceId: 'people', document: { rules: { PERSON: { operator: 'shred' } } } as never });
    await service.refresh();
    expect(service.policyFor('people').policyId).toBe('default');
  });

  it('PUT creates version 1, then a NEW version each time, leaving older ones untouched', async () => {
    await service.onModuleInit();
    const first = await service.putPolicy('people-policy', { sourceId: 'people', rules: { EMAIL_ADDRESS: { operator: 'hash' } } });
    const second = await service.putPolicy('people-policy', { sourceId: 'people', rules: { EMAIL_ADDRESS: { operator: 'tokenize' } } });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(first).toMatchObject({ policyId: 'people-policy', sourceId: 'people', rules: { EMAIL_ADDRESS: { operator: 'hash', params: { hashType: 'sha256' } } } });
    expect(policies.rows.find((row) => row.policyId === 'people-policy' && row.version === 1)!.document.rules.EMAIL_ADDRESS.operator).toBe('hash');
    // The cache is refreshed at once, so the new version applies to the next record.
    expect(service.policyFor('people')).toMatchObject({ policyId: 'people-policy', version: 2 });
  });

  it('retries with the next version when a concurrent PUT took it', async () => {
    policies.insertVersion.mockResolvedValueOnce(false);
    const created = await service.putPolicy('p', { sourceId: 'people', rules: {} });
    expect(policies.insertVersion).toHaveBeenCalledTimes(2);
    expect(created.version).toBe(1);
  });

  it('refuses invalid bodies (400), a source owned by another policy (409) and moving the default (400)', async () => {
    expect(await statusOf(service.putPolicy('p', { sourceId: 'people', rules: { PERSON: { operator: 'nope' } } }))).toBe(400);
    expect(await statusOf(service.putPolicy('Bad Id', { sourceId: 'people', rules: {} }))).toBe(400);
    await service.putPolicy('p', { sourceId: 'people', rules: {} });
    expect(await statusOf(service.putPolicy('q', { sourceId: 'people', rules: {} }))).toBe(409);
    expect(await statusOf(service.putPolicy('default', { sourceId: 'people', rules: {} }))).toBe(400);
    expect(await statusOf(service.putPolicy('default', { sourceId: '*', rules: { DEFAULT: { operator: 'redact' } } }))).toBe(200);
  });

  it('GET returns the latest version and every version, newest first; 404 when unknown', async () => {
    await service.putPolicy('p', { sourceId: 'people', rules: {}, description: 'v1' });
    await service.putPolicy('p', { sourceId: 'people', rules: { DEFAULT: { operator: 'redact' } }, description: 'v2' });
    const view = await service.getPolicy('p');
    expect(view.latest).toMatchObject({ policyId: 'p', version: 2, description: 'v2', rules: { DEFAULT: { operator: 'redact' } } });
    expect(view.versions.map((version) => version.version)).toEqual([2, 1]);
    expect(view.versions[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await statusOf(service.getPolicy('missing'))).toBe(404);
  });

  it('reloads periodically', async () => {
    jest.useFakeTimers();
    try {
      await service.onModuleInit();
      policies.add({ policyId: 'late', version: 1, sourceId: 'people', document: { rules: {} } });
      expect(service.policyFor('people').policyId).toBe('default');
      await jest.advanceTimersByTimeAsync(10_000);
      expect(service.policyFor('people').policyId).toBe('late');
    } finally {
      jest.useRealTimers();
    }
  });
});
