import { ApiKeyCaller, permissionsOf } from '@atlas/auth';
import { profileOf } from './caller-profile';

describe('profileOf', () => {
  it("lists a user's role and its permissions in the permission map's order", () => {
    const viewer = new ApiKeyCaller('user:u1', permissionsOf('viewer', false), new Map(), { kind: 'user', id: 'u1', role: 'viewer' });
    expect(profileOf(viewer)).toEqual({ kind: 'user', id: 'u1', role: 'viewer', permissions: ['runs:read', 'quality:read'] });
  });

  it('adds pii:reveal when it was granted explicitly, and gives environment keys no role', () => {
    const analyst = new ApiKeyCaller('user:u2', permissionsOf('analyst', true), new Map(), { kind: 'user', id: 'u2', role: 'analyst' });
    expect(profileOf(analyst).permissions).toContain('pii:reveal');
    const environmentKey = new ApiKeyCaller('abc', new Set(['records:push'] as const), new Map());
    expect(profileOf(environmentKey)).toEqual({ kind: 'environment-key', id: 'abc', role: null, permissions: ['records:push'] });
  });
});
