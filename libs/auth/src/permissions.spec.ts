import { rolesGranting } from './api-key-caller';
import { ENVIRONMENT_API_KEY_PERMISSIONS, isRole, PERMISSIONS, permissionsOf, ROLE_PERMISSIONS, ROLES } from './permissions';

describe('the permission map', () => {
  it('lists every permission and role', () => {
    expect(PERMISSIONS).toEqual([
      'records:push',
      'runs:read',
      'sources:read',
      'sources:write',
      'contracts:read',
      'contracts:write',
      'quality:read',
      'datasets:read',
      'quarantine:read',
      'quarantine:replay',
      'findings:read',
      'pii:read',
      'pii:analyze',
      'lineage:read',
      'lineage:write',
      'users:manage',
      'api-keys:manage',
      'audit:read',
      'subjects:manage',
      'pii:admin',
      'pii:reveal',
    ]);
    expect(ROLES).toEqual(['admin', 'engineer', 'analyst', 'viewer', 'producer']);
  });

  it('grants each role exactly its permissions', () => {
    const analyst = ['runs:read', 'sources:read', 'contracts:read', 'quality:read', 'datasets:read', 'quarantine:read', 'findings:read', 'pii:read', 'pii:analyze', 'lineage:read'];
    const engineer = ['records:push', ...analyst, 'sources:write', 'contracts:write', 'quarantine:replay', 'lineage:write'];
    expect(ROLE_PERMISSIONS).toEqual({
      admin: [...engineer, 'users:manage', 'api-keys:manage', 'audit:read', 'subjects:manage', 'pii:admin'],
      engineer,
      analyst,
      viewer: ['runs:read', 'quality:read'],
      producer: ['records:push', 'lineage:write'],
    });
  });

  it('gives every permission but pii:reveal to some role, and admin every role permission', () => {
    const granted = new Set(ROLES.flatMap((role) => ROLE_PERMISSIONS[role]));
    expect(PERMISSIONS.filter((permission) => !granted.has(permission))).toEqual(['pii:reveal']);
    expect(PERMISSIONS.filter((permission) => permission !== 'pii:reveal' && !ROLE_PERMISSIONS.admin.includes(permission))).toEqual([]);
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
    expect(rolesGranting('sources:write')).toEqual(['admin', 'engineer']);
    expect(rolesGranting('contracts:write')).toEqual(['admin', 'engineer']);
    expect(rolesGranting('quarantine:replay')).toEqual(['admin', 'engineer']);
    expect(rolesGranting('quarantine:read')).toEqual(['admin', 'engineer', 'analyst']);
    expect(rolesGranting('datasets:read')).toEqual(['admin', 'engineer', 'analyst']);
    expect(rolesGranting('quality:read')).toEqual(['admin', 'engineer', 'analyst', 'viewer']);
    expect(rolesGranting('pii:read')).toEqual(['admin', 'engineer', 'analyst']);
    expect(rolesGranting('subjects:manage')).toEqual(['admin']);
  });

  it("keeps ordinary environment keys to what they could do on the services' ports before roles: an engineer's permissions", () => {
    expect(ENVIRONMENT_API_KEY_PERMISSIONS).toEqual(ROLE_PERMISSIONS.engineer);
    expect(ENVIRONMENT_API_KEY_PERMISSIONS).not.toContain('pii:admin');
    expect(ENVIRONMENT_API_KEY_PERMISSIONS).not.toContain('users:manage');
  });

  it('recognises role names only', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect([isRole('root'), isRole('Admin'), isRole(undefined), isRole(1)]).toEqual([false, false, false, false]);
  });
});
