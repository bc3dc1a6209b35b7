import type { ColumnLineage, ColumnReference, PiiPropagation } from '../api/types';
import type { LineageModel } from './lineage-model';

/** One column edge between two drawn datasets: input field → output field. */
export interface ColumnEdgeModel {
  key: string;
  inputNode: string;
  inputField: string;
  outputNode: string;
  outputField: string;
  /** The transformation masks the values (drawn dashed, named in the legend). */
  masking: boolean;
  job: string | null;
}

/** Most columns a dataset box lists; the rest are counted ("n of m columns"). */
export const MAX_FIELDS_SHOWN = 30;

export const datasetNodeId = (reference: { namespace: string; name: string }) => `dataset:${reference.namespace}:${reference.name}`;
export const columnKey = (nodeId: string, field: string) => JSON.stringify([nodeId, field]);
const edgeKey = (input: ColumnReference, output: ColumnReference) => JSON.stringify([datasetNodeId(input), input.field, datasetNodeId(output), output.field]);

/** The column edges of several datasets' answers, each once (an edge appears in both its datasets' answers). */
export function columnEdgesOf(answers: readonly ColumnLineage[]): ColumnEdgeModel[] {
  const edges = new Map<string, ColumnEdgeModel>();
  for (const answer of answers) {
    for (const edge of answer.edges) {
      const key = edgeKey(edge.input, edge.output);
      if (edges.has(key)) continue;
      edges.set(key, {
        key,
        inputNode: datasetNodeId(edge.input),
        inputField: edge.input.field,
        outputNode: datasetNodeId(edge.output),
        outputField: edge.output.field,
        masking: edge.masking,
        job: edge.job ? `${edge.job.namespace} ${edge.job.name}` : null,
      });
    }
  }
  return [...edges.values()];
}

/**
 * The columns each drawn dataset lists: its schema's fields in order, then fields known only from
 * column edges (a producer may send lineage without a schema facet).
 */
export function fieldsByDataset(model: LineageModel, edges: readonly ColumnEdgeModel[]): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const node of model.nodes.values()) if (node.kind === 'dataset') fields.set(node.id, [...node.fields]);
  const add = (nodeId: string, field: string) => {
    const list = fields.get(nodeId);
    if (list && !list.includes(field)) list.push(field);
  };
  for (const edge of edges) {
    add(edge.inputNode, edge.inputField);
    add(edge.outputNode, edge.outputField);
  }
  return fields;
}

/** Where a column's personal data went: the columns that still carry it unmasked, and the masking edges where it stopped. */
export interface PiiTrace {
  start: string;
  carriers: Set<string>;
  maskingEdges: Set<string>;
  truncated: boolean;
}

export function piiTraceOf(propagation: PiiPropagation): PiiTrace {
  const start = columnKey(datasetNodeId(propagation.column), propagation.column.field);
  const carriers = new Set([start, ...propagation.unmaskedDownstream.map((column) => columnKey(datasetNodeId(column), column.field))]);
  return { start, carriers, maskingEdges: new Set(propagation.maskedAt.map((edge) => edgeKey(edge.from, edge.column))), truncated: propagation.truncated };
}

/** A column edge carries personal data when its input column does and it does not mask. */
export function edgeCarriesPii(trace: PiiTrace | null, edge: ColumnEdgeModel): boolean {
  return trace !== null && !edge.masking && trace.carriers.has(columnKey(edge.inputNode, edge.inputField)) && trace.carriers.has(columnKey(edge.outputNode, edge.outputField));
}
