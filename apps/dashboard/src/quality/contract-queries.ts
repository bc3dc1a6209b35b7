import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { readPages } from '../api/pages';
import { MAX_CATALOGUE_ITEMS, SLOW_INTERVAL_MS } from '../api/queries';
import { useSession } from '../api/session';
import type { Page } from '../api/types';
import type { CheckHistoryResult } from './check-history';
import type { ContractProblem } from './contract-text';
import type { DryRunView } from './dry-run-summary';

/** GET /api/v1/contracts and /api/v1/contracts/{id} */
export interface ContractSummary {
  contractId: string;
  versions: Array<{ version: string; origin: string; createdAt: string }>;
  active: Array<{ sourceId: string; version: string; activatedAt: string }>;
}

export interface CompiledCheck {
  id: string;
  name: string;
  type: string;
  field: string[];
  level: 'fail' | 'warn';
}

/** The checks a version compiles into, per source, and what Atlas does not evaluate. */
export interface CompiledContractView {
  sources: Array<{ sourceId: string; checks: CompiledCheck[]; runChecks: CompiledCheck[]; windowChecks: CompiledCheck[] }>;
  notEvaluated: Array<{ path: string; element: string; reason: string }>;
}

/** GET /api/v1/contracts/{id}/versions/{version} */
export interface ContractVersionView extends CompiledContractView {
  contractId: string;
  version: string;
  status: string;
  origin: string;
  createdAt: string;
  activeFor: string[];
  document: object;
}

/** POST /api/v1/contracts/validate */
export interface ValidationView extends Partial<CompiledContractView> {
  valid: boolean;
  problems: ContractProblem[];
}

const versionPath = (contractId: string, version: string) => `/api/v1/contracts/${encodeURIComponent(contractId)}/versions/${encodeURIComponent(version)}`;

export function useContracts() {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['contracts'],
    queryFn: () => readPages((path) => client.get<Page<ContractSummary>>(path), '/api/v1/contracts', {}, MAX_CATALOGUE_ITEMS),
    enabled: can('contracts:read'),
  });
}

/** A stored version never changes (what is active for it does: refetched when activated). */
export function useContractVersion(contractId: string | null, version: string | null) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['contracts', contractId, 'versions', version],
    queryFn: () => client.get<ContractVersionView>(versionPath(contractId!, version!)),
    enabled: can('contracts:read') && contractId !== null && version !== null,
  });
}

/** The draft contract read off a source's profile (sources:read), to start a contract from. */
export function fetchContractDraft(client: ReturnType<typeof useSession>['client'], sourceId: string): Promise<object> {
  return client.get<object>(`/api/v1/sources/${encodeURIComponent(sourceId)}/contract-draft`);
}

export function useValidateContract() {
  const { client } = useSession();
  return useMutation({ mutationFn: (document: unknown) => client.post<ValidationView>('/api/v1/contracts/validate', document) });
}

/** Store a version (inactive until activated; contracts:write); the contract lists refresh. */
export function useSaveContract() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (document: unknown) => client.post<ContractVersionView>('/api/v1/contracts', document),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contracts'] }),
  });
}

export function useDryRun() {
  const { client } = useSession();
  return useMutation({
    // A posted sample, or the source's last N Explore records (protected by pii-detection before quality judges them).
    mutationFn: ({ contractId, version, ...sample }: { contractId: string; version: string; sourceId: string } & ({ records: Array<Record<string, unknown>> } | { explore: { last: number } })) =>
      client.post<DryRunView>(`${versionPath(contractId, version)}/dry-run`, sample),
  });
}

/** Activate a version (contracts:write): it checks its sources' records from now on. */
export function useActivateContract() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { contractId: string; version: string }) => client.post<ContractVersionView>(`${versionPath(input.contractId, input.version)}/activate`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contracts'] }),
  });
}

/** The latest check results of a source (every check, at most `limit`, page after page), the latest evaluated first. */
export function useCheckHistory(sourceId: string | null, limit: number) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['quality-results', sourceId, limit],
    queryFn: () => readPages((path) => client.get<Page<CheckHistoryResult>>(path), '/api/v1/quality/results', { sourceId: sourceId! }, limit),
    enabled: can('quality:read') && sourceId !== null,
    refetchInterval: SLOW_INTERVAL_MS,
  });
}
