/**
 * The one permission map of Atlas: every permission an endpoint can require, every role, and what
 * each role grants. Services require permissions (@RequirePermission); only this file says who holds them.
 */
export const PERMISSIONS = [
  /** Push records into the pipeline. */
  'records:push',
  /** Read ingestion runs (status, counts). */
  'runs:read',
  /** Read PII findings: counts by dataset, field and entity type, never values. */
  'findings:read',
  /** Read lineage: the graph, PII propagation, namespaces, datasets, jobs, runs and their OpenLineage events. */
  'lineage:read',
  /** Post OpenLineage events (what Airflow, dbt or Spark send with their HTTP transport). */
  'lineage:write',
  /** Create, list and disable users. */
  'users:manage',
  /** Create, list and revoke API keys. */
  'api-keys:manage',
  /** Read the audit log. */
  'audit:read',
  /** Data-subject requests (GDPR): create, list, follow and resume access and erasure requests; an access export also needs pii:reveal. */
  'subjects:manage',
  /** Change protection policies and column classifications; /anonymize with the production keys (hash, encrypt, tokenize). */
  'pii:admin',
  /** Detokenize vault tokens and decrypt dead letters; every use is audited. Never part of a role: granted to a user or key on its own. */
  'pii:reveal',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'engineer', 'analyst', 'viewer', 'producer'] as const;

export type Role = (typeof ROLES)[number];

/** The permission granted apart from roles, to a user or key explicitly. */
export const SEPARATELY_GRANTED_PERMISSION = 'pii:reveal' satisfies Permission;

/** What each role grants. `pii:reveal` is in none of them (see SEPARATELY_GRANTED_PERMISSION). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Users, keys, policies, the audit log and data-subject requests, plus everything the engineer does.
  admin: ['records:push', 'runs:read', 'findings:read', 'lineage:read', 'lineage:write', 'users:manage', 'api-keys:manage', 'audit:read', 'subjects:manage', 'pii:admin'],
  // Sources, pushes and runs.
  engineer: ['records:push', 'runs:read', 'findings:read', 'lineage:read', 'lineage:write'],
  // Reads masked data, what was found in it and where it came from.
  analyst: ['runs:read', 'findings:read', 'lineage:read'],
  // Dashboards: run status and counts, no rows and no findings.
  viewer: ['runs:read'],
  // Pushes records and OpenLineage events, nothing else.
  producer: ['records:push', 'lineage:write'],
};

/**
 * What an ordinary key of ATLAS_API_KEYS grants: what every such key could do before roles existed
 * (push records and lineage, read runs, findings and lineage). Endpoints that require no permission
 * stay open to every caller.
 */
export const ENVIRONMENT_API_KEY_PERMISSIONS: readonly Permission[] = ['records:push', 'runs:read', 'findings:read', 'lineage:read', 'lineage:write'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The permissions of a role, plus `pii:reveal` when it was granted explicitly. */
export function permissionsOf(role: Role, canReveal: boolean): ReadonlySet<Permission> {
  const permissions = new Set<Permission>(ROLE_PERMISSIONS[role]);
  if (canReveal) permissions.add(SEPARATELY_GRANTED_PERMISSION);
  return permissions;
}
