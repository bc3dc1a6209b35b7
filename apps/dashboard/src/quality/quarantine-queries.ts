import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/session';
import type { QuarantinePage, QuarantineReason } from '../api/types';
import type { ReplayOutcome } from './quarantine-reasons';

/** GET /api/v1/quarantine/records/:recordId: the protected (masked) payload and every failed check. */
export interface QuarantinedRecord extends Omit<QuarantinePage['items'][number], 'reasons'> {
  reasons: QuarantineReason[];
  payload: Record<string, unknown>;
  notEvaluated: QuarantineReason[];
  replayCount: number;
  releasedAt: string | null;
  protection: { policyId: string; policyVersion: number; protectedFields: Array<{ field: string; entityType: string; operator: string }> } | null;
}

/** POST /api/v1/quarantine/records/:recordId/replay */
export interface ReplayResult {
  recordId: string;
  outcome: ReplayOutcome;
  contractId: string;
  contractVersion: string;
  reasons: QuarantineReason[];
}

export function useQuarantinedRecord(recordId: string | null) {
  const { client, can } = useSession();
  return useQuery({
    queryKey: ['quarantine', 'record', recordId],
    queryFn: () => client.get<QuarantinedRecord>(`/api/v1/quarantine/records/${encodeURIComponent(recordId!)}`),
    enabled: can('quarantine:read') && recordId !== null,
  });
}

/** Judge a quarantined record again with its source's current contract; the quarantine lists refresh. */
export function useReplay() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recordId: string) => client.post<ReplayResult>(`/api/v1/quarantine/records/${encodeURIComponent(recordId)}/replay`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['quarantine'] }),
  });
}
