/**
 * The orders each list of the public API allows in `?sort=` (a field of its items, `-` first for
 * descending), the first being the default. Each is a stable order on a unique key, which the list's
 * cursor holds. The gateway and the service serving a list read the same entry.
 */
export const LIST_SORTS = {
  users: ['createdAt', '-createdAt'],
  apiKeys: ['createdAt', '-createdAt'],
  audit: ['-at', 'at'],
  subjectRequests: ['-createdAt', 'createdAt'],
  sources: ['createdAt', '-createdAt', 'sourceId'],
  sourceRuns: ['-createdAt', 'createdAt'],
  datasets: ['datasetId'],
  datasetRows: ['key'],
  quarantinedRecords: ['quarantinedAt'],
  heldCounts: ['sourceId'],
  heldReplays: ['-requestedAt'],
  deadLetters: ['-deadLetterId', 'deadLetterId'],
  checkResults: ['-lastEvaluatedAt'],
  anomalyPoints: ['-at'],
  runWindows: ['checkId'],
  findings: ['sourceId'],
  contracts: ['contractId'],
  policies: ['policyId'],
  classifications: ['field'],
  runEvents: ['eventTime'],
  // The Marquez-compatible lineage listings (their items keep Marquez's names, see the lineage section of docs/architecture.md).
  lineageNames: ['name'],
  lineageVersions: ['-createdAt'],
  lineageRuns: ['-createdAt'],
  // Marquez's own sort names for its search: by name, or most recently seen first.
  lineageSearch: ['NAME', 'UPDATE_AT'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type ListSort<List extends keyof typeof LIST_SORTS> = (typeof LIST_SORTS)[List][number];
