import type { LineageGraph } from '../api/types';

export interface ModelNode {
  id: string;
  kind: 'dataset' | 'job';
  namespace: string;
  name: string;
  /** Every upstream (downstream) neighbour the server knows of: those it returned plus its "N more". */
  totalUpstream: number;
  totalDownstream: number;
  /** Datasets: the fields of the schema version the answer named. */
  fields: string[];
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
  const returnedNeighbours = adjacency(answerEdges);
  for (const node of answer.graph) {
    const totalUpstream = (returnedNeighbours.upstream.get(node.id)?.size ?? 0) + node.moreUpstream;
    const totalDownstream = (returnedNeighbours.downstream.get(node.id)?.size ?? 0) + node.moreDownstream;
    const known = nodes.get(node.id);
    nodes.set(node.id, {
      id: node.id,
      kind: node.type === 'JOB' ? 'job' : 'dataset',
      namespace: node.data.namespace,
      name: node.data.name,
      fields: (node.data.fields ?? []).map((field) => field.name).filter((name) => typeof name === 'string'),
      totalUpstream: Math.max(known?.totalUpstream ?? 0, totalUpstream),
      totalDownstream: Math.max(known?.totalDownstream ?? 0, totalDownstream),
    });
  }
  return { rootId: model?.rootId ?? rootId, nodes, edges };
}

/** Neighbours of a node the model does not hold yet: the "N more" to expand. */
export function hiddenNeighbours(model: LineageModel, id: string): { upstream: number; downstream: number } {
  return allHiddenNeighbours(model).get(id) ?? { upstream: 0, downstream: 0 };
}

/** Every node's direct neighbours in the model, by id (one pass over the edges). */
function adjacency(edges: Iterable<ModelEdge>): { upstream: Map<string, Set<string>>; downstream: Map<string, Set<string>> } {
  const upstream = new Map<string, Set<string>>();
  const downstream = new Map<string, Set<string>>();
  const add = (lists: Map<string, Set<string>>, key: string, value: string) => {
    let list = lists.get(key);
    if (!list) lists.set(key, (list = new Set()));
    list.add(value);
  };
  for (const edge of edges) {
    add(upstream, edge.destination, edge.origin);
    add(downstream, edge.origin, edge.destination);
  }
  return { upstream, downstream };
}

/** The hidden neighbours of every node, linear in nodes and edges (the layout asks for all of them). */
export function allHiddenNeighbours(model: LineageModel): Map<string, { upstream: number; downstream: number }> {
  const { upstream, downstream } = adjacency(model.edges.values());
  const hidden = new Map<string, { upstream: number; downstream: number }>();
  for (const node of model.nodes.values()) {
    hidden.set(node.id, {
      upstream: Math.max(0, node.totalUpstream - (upstream.get(node.id)?.size ?? 0)),
      downstream: Math.max(0, node.totalDownstream - (downstream.get(node.id)?.size ?? 0)),
    });
  }
  return hidden;
}

/** The model's nodes, upstream ones first, for the list view: direct neighbours named on each row. */
export function listRows(model: LineageModel): Array<ModelNode & { upstream: string[]; downstream: string[]; hidden: { upstream: number; downstream: number } }> {
  const { upstream, downstream } = adjacency(model.edges.values());
  const hidden = allHiddenNeighbours(model);
  const nameOf = (id: string) => model.nodes.get(id)?.name ?? id;
  const names = (ids: Set<string> | undefined) => [...(ids ?? [])].map(nameOf).sort();
  return [...model.nodes.values()]
    .map((node) => ({ ...node, upstream: names(upstream.get(node.id)), downstream: names(downstream.get(node.id)), hidden: hidden.get(node.id)! }))
    .sort((a, b) => (a.id === model.rootId ? -1 : b.id === model.rootId ? 1 : a.name.localeCompare(b.name)));
}

/** The job a source's pipeline protects its records with: where the dashboard opens a source's lineage. */
export function sourcePipelineNodeId(sourceId: string): string {
  return `job:atlas.${sourceId}:pii-detection.protect`;
}
