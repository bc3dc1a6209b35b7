import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from './session';
import { readPages } from './pages';
import type { ColumnClass, ColumnClassification, CursorPage, Dataset, DatasetDetail, DatasetRow, DatasetScores, FindingCount, LineageGraph, Page, PolicyHistory, PolicyVersion, QuarantinePage, Source, SourceProfile, SourceRun } from './types';

/** How often live figures are fetched again while a page shows them. */
export const LIVE_INTERVAL_MS = 2000;
export const SLOW_INTERVAL_MS = 10000;
/** Most items a whole-catalogue view reads (finding counts, policies, a source's columns, contracts), page after page. */
export const MAX_CATALOGUE_ITEMS = 5000;

export function useRuns(sourceId?: string, limit = 50) {
  const { client, can } = useSession();
  const query = new URLSearchParams({ limit: String(limit), ...(sourceId ? { sourceId } : {}) });
  return useQuery({
    queryKey: ['source-runs', sourceId ?? null, limit],
    queryFn: () => client.get<Page<SourceRun>>(`/api/v1/source-runs?${query}`),
    enabled: can('runs:read'),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useSources() {
  const { client, can } = useSession();
  return useQuery({ queryKey: ['sources'], queryFn: () => client.get<Page<Source>>('/api/v1/sources?limit=100'), enabled: can('sources:read') });
}

export function useSource(sourceId: string) {
  const { client, can } = useSession();
  return useQuery({ queryKey: ['sources', sourceId], queryFn: () => client.get<Source>(`/api/v1/sources/${encodeURIComponent(sourceId)}`), enabled: can('sources:read') });
}

export function useScores(sourceIds: readonly string[]) {
  const { client, can } = useSession();
  return useQueries({
    queries: sourceIds.map((sourceId) => ({
      queryKey: ['quality-scores', sourceId],
      queryFn: () => client.get<DatasetScores>(`/api/v1/quality/scores?sourceId=${encodeURIComponent(sourceId)}&runs=10`),
      enabled: can('quality:read'),
      refetchInterval: SLOW_INTERVAL_MS,
    })),
  });
}

/** The first page of quarantined records (at most `limit`); `nextCursor` says whether there are more. */
export function useQuarantine(sourceId: string | null, limit: number) {
  const { client, can } = useSession();
  const query = new URLSearchParams({ limit: String(limit), ...(sourceId ? { sourceId } : {}) });
  return useQuery({
    queryKey: ['quarantine', sourceId, limit],
    queryFn: () => client.get<QuarantinePage>(`/api/v1/quarantine/records?${query}`),
    enabled: can('quarantine:read'),
    refetchInterval: SLOW_INTERVAL_MS,
  });
}

export function useFindings() {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['pii-findings'],
    queryFn: () => readPages((path) => client.get<Page<FindingCount>>(path), '/api/v1/pii/findings', {}, MAX_CATALOGUE_ITEMS),
    enabled: can('findings:read'),
    refetchInterval: SLOW_INTERVAL_MS,
  });
}

/** Most nodes one lineage answer brings (the view is measured responsive at 1,000: docs/benchmarks.md). */
export const LINEAGE_MAX_NODES = 1000;

/** The graph around a node, `upstreamDepth` levels up and `downstreamDepth` down; `asOf` (ISO) as it was then. */
export function fetchLineage(client: ReturnType<typeof useSession>['client'], nodeId: string, upstreamDepth: number, downstreamDepth: number, asOf?: string | null): Promise<LineageGraph> {
  const query = new URLSearchParams({ nodeId, upstreamDepth: String(upstreamDepth), downstreamDepth: String(downstreamDepth), maxNodes: String(LINEAGE_MAX_NODES), ...(asOf ? { asOf } : {}) });
  return client.get<LineageGraph>(`/api/v1/lineage?${query}`);
}

/** Start or cancel a run; the run lists refresh at once. */
export function useRunActions() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const settled = () => queryClient.invalidateQueries({ queryKey: ['source-runs'] });
  const start = useMutation({ mutationFn: (sourceId: string) => client.post<SourceRun>(`/api/v1/sources/${encodeURIComponent(sourceId)}/runs`), onSettled: settled });
  const cancel = useMutation({ mutationFn: (runId: string) => client.post<SourceRun>(`/api/v1/source-runs/${encodeURIComponent(runId)}/cancel`), onSettled: settled });
  return { start, cancel };
}

export function useClassifications(sourceId: string | null) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['pii-classifications', sourceId],
    queryFn: () => readPages((path) => client.get<Page<ColumnClassification>>(path), '/api/v1/pii/classifications', { sourceId: sourceId! }, MAX_CATALOGUE_ITEMS),
    enabled: can('pii:read') && sourceId !== null,
  });
}

/** Confirm or override a column's classification (pii:admin); the list refreshes at once. */
export function useClassify() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: { sourceId: string; field: string; class: ColumnClass; entityType: string | null }) =>
      client.put<ColumnClassification>(
        `/api/v1/pii/classifications/${encodeURIComponent(decision.sourceId)}/${encodeURIComponent(decision.field)}`,
        decision.class === 'personal' ? { class: decision.class, entityType: decision.entityType } : { class: decision.class },
      ),
    onSettled: (_result, _error, decision) => queryClient.invalidateQueries({ queryKey: ['pii-classifications', decision.sourceId] }),
  });
}

export function usePolicies() {
  const { client, can } = useSession();
  return useQuery({ queryKey: ['policies'], queryFn: () => readPages((path) => client.get<Page<PolicyVersion>>(path), '/api/v1/policies', {}, MAX_CATALOGUE_ITEMS), enabled: can('pii:read') });
}

export function usePolicyHistory(policyId: string | null) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['policies', policyId],
    queryFn: () => client.get<PolicyHistory>(`/api/v1/policies/${encodeURIComponent(policyId!)}`),
    enabled: can('pii:read') && policyId !== null,
  });
}

/** A stored version never changes: fetched once. */
export function usePolicyVersion(policyId: string | null, version: number | null) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['policies', policyId, 'versions', version],
    queryFn: () => client.get<PolicyVersion>(`/api/v1/policies/${encodeURIComponent(policyId!)}/versions/${version}`),
    enabled: can('pii:read') && policyId !== null && version !== null,
    staleTime: Infinity,
  });
}

export function useDatasets() {
  const { client, can } = useSession();
  return useQuery({ queryKey: ['datasets'], queryFn: () => client.get<CursorPage<Dataset>>('/api/v1/datasets?limit=200'), enabled: can('datasets:read') });
}

export function useDataset(datasetId: string | null) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['datasets', datasetId],
    queryFn: () => client.get<DatasetDetail>(`/api/v1/datasets/${encodeURIComponent(datasetId!)}`),
    enabled: can('datasets:read') && datasetId !== null,
    refetchInterval: SLOW_INTERVAL_MS,
  });
}

/** One page of a dataset's rows; `cursor` is the nextCursor of the page before (null: the first page). */
export function useDatasetRows(datasetId: string | null, cursor: string | null, limit: number) {
  const { client, can } = useSession();
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  return useQuery({
    queryKey: ['datasets', datasetId, 'rows', cursor, limit],
    queryFn: () => client.get<CursorPage<DatasetRow>>(`/api/v1/datasets/${encodeURIComponent(datasetId!)}/rows?${query}`),
    enabled: can('datasets:read') && datasetId !== null,
  });
}

/** The profile of the source's latest run (a dataset's id is its source's id). */
export function useSourceProfile(sourceId: string | null) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['source-profile', sourceId],
    queryFn: () => client.get<SourceProfile>(`/api/v1/sources/${encodeURIComponent(sourceId!)}/profile`),
    enabled: can('sources:read') && sourceId !== null,
    retry: false,
  });
}
