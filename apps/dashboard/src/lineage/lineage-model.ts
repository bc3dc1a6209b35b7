import type { LineageGraph } from '../api/types';

export interface ModelNode {
  id: string;
  kind: 'dataset' | 'job';
  namespace: string;
  name: string;
  /** Every upstream (downstream) neighbour the server knows of: those it returned plus its "N more". */
  totalUpstream: number;
  totalDownstream: number;
}

export interface ModelEdge {
  origin: string;
  destination: string;
}

/** What the page has loaded around its root: graphs fetched one level at a time, merged. */
export interface LineageModel {
  rootId: string;
  nodes: Map<string, ModelNode>;
  edges: Map<string, ModelEdge>;
}

const edgeKey = (edge: ModelEdge) => JSON.stringify([edge.origin, edge.destination]);

function distinctNeighbours(edges: readonly ModelEdge[], id: string, side: 'origin' | 'destination'): number {
  const other = side === 'origin' ? 'destination' : 'origin';
  return new Set(edges.filter((edge) => edge[side] === id).map((edge) => edge[other])).size;
}

/**
 * Adds a graph answer (GET /api/v1/lineage) to the model. A node's neighbour totals are what that
 * answer returned of them plus its hidden counts; the largest seen wins (an answer cut by maxNodes
 * still counts the cut neighbours as hidden). Edges to nodes outside the answer are not drawn.
 */
export function mergeLineage(model: LineageModel | null, answer: LineageGraph, rootId: string): LineageModel {
  const nodes = new Map(model?.nodes);
  const edges = new Map(model?.edges);
  const returned = new Set(answer.graph.map((node) => node.id));
  const answerEdges: ModelEdge[] = [];
  for (const node of answer.graph) {
    for (const edge of [...node.inEdges, ...node.outEdges]) {
      if (returned.has(edge.origin) && returned.has(edge.destination)) answerEdges.push({ origin: edge.origin, destination: edge.destination });
    }
  }
  for (const edge of answerEdges) edges.set(edgeKey(edge), edge);
  for (const node of answer.graph) {
    const totalUpstream = distinctNeighbours(answerEdges, node.id, 'destination') + node.moreUpstream;
    const totalDownstream = distinctNeighbours(answerEdges, node.id, 'origin') + node.moreDownstream;
    const known = nodes.get(node.id);
    nodes.set(node.id, {
      id: node.id,
      kind: node.type === 'JOB' ? 'job' : 'dataset',
      namespace: node.data.namespace,
      name: node.data.name,
      totalUpstream: Math.max(known?.totalUpstream ?? 0, totalUpstream),
      totalDownstream: Math.max(known?.totalDownstream ?? 0, totalDownstream),
    });
  }
  return { rootId: model?.rootId ?? rootId, nodes, edges };
}

/** Neighbours of a node the model does not hold yet: the "N more" to expand. */
export function hiddenNeighbours(model: LineageModel, id: string): { upstream: number; downstream: number } {
  const node = model.nodes.get(id);
  if (!node) return { upstream: 0, downstream: 0 };
  const edges = [...model.edges.values()];
  return {
    upstream: Math.max(0, node.totalUpstream - distinctNeighbours(edges, id, 'destination')),
    downstream: Math.max(0, node.totalDownstream - distinctNeighbours(edges, id, 'origin')),
  };
}

/** The model's nodes, upstream ones first, for the list view: direct neighbours named on each row. */
export function listRows(model: LineageModel): Array<ModelNode & { upstream: string[]; downstream: string[]; hidden: { upstream: number; downstream: number } }> {
  const edges = [...model.edges.values()];
  const nameOf = (id: string) => model.nodes.get(id)?.name ?? id;
  return [...model.nodes.values()]
    .map((node) => ({
      ...node,
      upstream: edges.filter((edge) => edge.destination === node.id).map((edge) => nameOf(edge.origin)).sort(),
      downstream: edges.filter((edge) => edge.origin === node.id).map((edge) => nameOf(edge.destination)).sort(),
      hidden: hiddenNeighbours(model, node.id),
    }))
    .sort((a, b) => (a.id === model.rootId ? -1 : b.id === model.rootId ? 1 : a.name.localeCompare(b.name)));
}

/** The job a source's pipeline protects its records with: where the dashboard opens a source's lineage. */
export function sourcePipelineNodeId(sourceId: string): string {
  return `job:atlas.${sourceId}:pii-detection.protect`;
}
