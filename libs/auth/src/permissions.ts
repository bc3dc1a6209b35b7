/**
 * The one permission map of Atlas: every permission an endpoint can require, every role, and what
 * each role grants. Services require permissions (@RequirePermission); only this file says who holds them.
 */
export const PERMISSIONS = [
  /** Push records into the pipeline. */
  'records:push',
  /** Read ingestion runs (status, counts): pushed runs and the connector's source runs. */
  'runs:read',
  /** Read sources (type, config, schedule; configs hold no secrets) and the connector types. */
  'sources:read',
  /** Create sources, check and discover them, start and cancel their runs, upload files. */
  'sources:write',
  /** Read data contracts and their versions; validate a contract or dry-run a version on records the caller sends or the source's last Explore records, protected first (nothing stored). */
  'contracts:read',
  /** Store contract versions and activate them. */
  'contracts:write',
  /** Read quality results: check results and scores per run and per source (counts and record ids, no rows). */
  'quality:read',
  /** Read the typed Navigate datasets: their columns and rows (protected values only, as pii-detection left them). */
  'datasets:read',
  /** Read quarantined records: their protected (masked) payloads and the checks they failed. */
  'quarantine:read',
  /** Replay quarantined records against the current contract. */
  'quarantine:replay',
  /** Read PII findings: counts by dataset, field and entity type, never values. */
  'findings:read',
  /** Read PII metadata: column classifications and protection policies (never values). */
  'pii:read',
  /** Analyze and anonymize texts the caller sends (the Presidio-compatible API; keyed operators also need pii:admin). */
  'pii:analyze',
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

const ANALYST: readonly Permission[] = ['runs:read', 'sources:read', 'contracts:read', 'quality:read', 'datasets:read', 'quarantine:read', 'findings:read', 'pii:read', 'pii:analyze', 'lineage:read'];
const ENGINEER: readonly Permission[] = ['records:push', ...ANALYST, 'sources:write', 'contracts:write', 'quarantine:replay', 'lineage:write'];

/** What each role grants. `pii:reveal` is in none of them (see SEPARATELY_GRANTED_PERMISSION). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Users, keys, policies, the audit log and data-subject requests, plus everything the engineer does.
  admin: [...ENGINEER, 'users:manage', 'api-keys:manage', 'audit:read', 'subjects:manage', 'pii:admin'],
  // Sources, contracts, replays, pushes and runs, plus everything the analyst does.
  engineer: ENGINEER,
  // Reads masked data (quarantined rows), quality, PII metadata and findings, and where data came from.
  analyst: ANALYST,
  // Dashboards: run status and counts, quality results and scores; no rows, no findings.
  viewer: ['runs:read', 'quality:read'],
  // Pushes records and OpenLineage events, nothing else.
  producer: ['records:push', 'lineage:write'],
};

/**
 * What an ordinary environment key grants: the service credential (ATLAS_SERVICE_API_KEYS) on the
 * services' own ports, and a key of ATLAS_API_KEYS at the gateway. An engineer's permissions: push,
 * sources, contracts, quality, quarantine and replays, findings, PII metadata and the analyzer,
 * lineage. Never users, keys, the audit log, pii:admin or pii:reveal (their own key sets grant those
 * on the services). Endpoints that require no permission stay open to every caller.
 */
export const ENVIRONMENT_API_KEY_PERMISSIONS: readonly Permission[] = ENGINEER;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The permissions of a role, plus `pii:reveal` when it was granted explicitly. */
export function permissionsOf(role: Role, canReveal: boolean): ReadonlySet<Permission> {
  const permissions = new Set<Permission>(ROLE_PERMISSIONS[role]);
  if (canReveal) permissions.add(SEPARATELY_GRANTED_PERMISSION);
  return permissions;
}
