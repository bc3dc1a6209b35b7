import { rolesGranting } from './api-key-caller';
import { ENVIRONMENT_API_KEY_PERMISSIONS, isRole, PERMISSIONS, permissionsOf, ROLE_PERMISSIONS, ROLES } from './permissions';

describe('the permission map', () => {
  it('lists every permission and role', () => {
    expect(PERMISSIONS).toEqual(['records:push', 'runs:read', 'findings:read', 'lineage:read', 'lineage:write', 'users:manage', 'api-keys:manage', 'audit:read', 'subjects:manage', 'pii:admin', 'pii:reveal']);
    expect(ROLES).toEqual(['admin', 'engineer', 'analyst', 'viewer', 'producer']);
  });

  it('grants each role exactly its permissions', () => {
    expect(ROLE_PERMISSIONS).toEqual({
      admin: ['records:push', 'runs:read', 'findings:read', 'lineage:read', 'lineage:write', 'users:manage', 'api-keys:manage', 'audit:read', 'subjects:manage', 'pii:admin'],
      engineer: ['records:push', 'runs:read', 'findings:read', 'lineage:read', 'lineage:write'],
      analyst: ['runs:read', 'findings:read', 'lineage:read'],
      viewer: ['runs:read'],
      producer: ['records:push', 'lineage:write'],
    });
  });

  it('never implies pii:reveal by a role: only an explicit grant adds it', () => {
    for (const role of ROLES) {
      expect(permissionsOf(role, false).has('pii:reveal')).toBe(false);
      expect([...permissionsOf(role, true)]).toEqual([...ROLE_PERMISSIONS[role], 'pii:reveal']);
    }
    expect(rolesGranting('pii:reveal')).toEqual([]);
  });

  it('names the roles granting a permission', () => {
    expect(rolesGranting('records:push')).toEqual(['admin', 'engineer', 'producer']);
    expect(rolesGranting('runs:read')).toEqual(['admin', 'engineer', 'analyst', 'viewer']);
    expect(rolesGranting('users:manage')).toEqual(['admin']);
    expect(rolesGranting('lineage:read')).toEqual(['admin', 'engineer', 'analyst']);
    expect(rolesGranting('lineage:write')).toEqual(['admin', 'engineer', 'producer']);
    expect(rolesGranting('pii:admin')).toEqual(['admin']);
    expect(rolesGranting('subjects:manage')).toEqual(['admin']);
  });

  it('keeps ordinary environment keys to what they could do before roles: push records and lineage, read runs, findings and lineage', () => {
    expect(ENVIRONMENT_API_KEY_PERMISSIONS).toEqual(['records:push', 'runs:read', 'findings:read', 'lineage:read', 'lineage:write']);
  });

  it('recognises role names only', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect([isRole('root'), isRole('Admin'), isRole(undefined), isRole(1)]).toEqual([false, false, false, false]);
  });
});
