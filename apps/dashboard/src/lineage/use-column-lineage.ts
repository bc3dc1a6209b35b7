import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSession } from '../api/session';
import type { ColumnLineage, PiiPropagation } from '../api/types';
import { columnEdgesOf, ColumnEdgeModel, PiiTrace, piiTraceOf } from './column-model';
import type { LineageModel } from './lineage-model';

/** Column lineage loads per dataset drawn; beyond this many datasets the page asks to narrow the graph first. */
export const MAX_COLUMN_DATASETS = 100;

export interface ColumnLineageState {
  /** Undefined until every dataset's answer is in (one layout, not one per answer). */
  edges?: ColumnEdgeModel[];
  error: unknown;
  tooMany: boolean;
  truncated: boolean;
}

/** The column edges of the model's datasets (GET /api/v1/lineage/columns, one dataset at a time, cached). */
export function useColumnLineage(model: LineageModel | null, enabled: boolean, asOf: string | null): ColumnLineageState {
  const { client } = useSession();
  const datasetIds = useMemo(() => (model ? [...model.nodes.values()].filter((node) => node.kind === 'dataset').map((node) => node.id).sort() : []), [model]);
  const tooMany = datasetIds.length > MAX_COLUMN_DATASETS;
  const answers = useQueries({
    queries: (enabled && !tooMany ? datasetIds : []).map((nodeId) => ({
      queryKey: ['lineage-columns', nodeId, asOf],
      queryFn: () => client.get<ColumnLineage>(`/api/v1/lineage/columns?${new URLSearchParams({ nodeId, ...(asOf ? { asOf } : {}) })}`),
      staleTime: 30_000,
    })),
  });
  const settled = answers.every((answer) => answer.data !== undefined);
  const version = answers.map((answer) => answer.dataUpdatedAt).join(',');
  const edges = useMemo(
    () => (enabled && !tooMany && settled ? columnEdgesOf(answers.map((answer) => answer.data!)) : undefined),
    // `answers` is a new array every render; `version` says when an answer changed.
    [enabled, tooMany, settled, version],
  );
  return { edges, error: answers.find((answer) => answer.error)?.error ?? null, tooMany, truncated: answers.some((answer) => answer.data?.truncated) };
}

/** Where the chosen column's personal data goes (GET /api/v1/lineage/pii-propagation). */
export function usePiiTrace(model: LineageModel | null, column: { nodeId: string; field: string } | null): { trace: PiiTrace | null; error: unknown } {
  const { client } = useSession();
  const node = column && model ? model.nodes.get(column.nodeId) : undefined;
  const answer = useQuery({
    queryKey: ['pii-propagation', node?.namespace, node?.name, column?.field],
    queryFn: () => client.get<PiiPropagation>(`/api/v1/lineage/pii-propagation?${new URLSearchParams({ namespace: node!.namespace, name: node!.name, field: column!.field })}`),
    enabled: node !== undefined,
  });
  const trace = useMemo(() => (node && answer.data ? piiTraceOf(answer.data) : null), [node, answer.data]);
  return { trace, error: answer.error };
}
