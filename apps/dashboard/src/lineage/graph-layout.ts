import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { MAX_FIELDS_SHOWN } from './column-model';
import { allHiddenNeighbours, LineageModel } from './lineage-model';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 44;
export const MORE_WIDTH = 120;
export const MORE_HEIGHT = 28;
/** One column row in a dataset box when columns are shown. */
export const FIELD_HEIGHT = 20;
const LABEL_CHARACTERS = 30;

export interface DrawnField {
  name: string;
  /** The row's middle, relative to the box's top. */
  y: number;
}

export interface DrawnNode {
  id: string;
  kind: 'dataset' | 'job' | 'more';
  label: string;
  /** The full name (tooltips and screen readers). */
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** A "more" node: the node it belongs to, the side and how many neighbours it stands for. */
  more?: { nodeId: string; direction: 'upstream' | 'downstream'; count: number };
  /** Datasets, when columns are shown: the rows listed, and how many columns the dataset has in all. */
  fields?: DrawnField[];
  fieldCount?: number;
}

export interface DrawnEdge {
  id: string;
  points: Array<{ x: number; y: number }>;
  toMore: boolean;
}

export interface DrawnGraph {
  width: number;
  height: number;
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

export interface Layouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

const moreId = (nodeId: string, direction: 'upstream' | 'downstream') => `more:${direction}:${nodeId}`;

/** Shortens a name to fit a node, keeping its end (the distinguishing part of `a.b.c/people`). */
export function shortLabel(name: string, characters = LABEL_CHARACTERS): string {
  return name.length <= characters ? name : `…${name.slice(name.length - characters + 1)}`;
}

/** A dataset box's height: the title, then one row per listed column (and one for "n of m columns"). */
export function datasetHeight(fieldCount: number): number {
  if (fieldCount === 0) return NODE_HEIGHT;
  const rows = Math.min(fieldCount, MAX_FIELDS_SHOWN) + (fieldCount > MAX_FIELDS_SHOWN ? 1 : 0);
  return NODE_HEIGHT + rows * FIELD_HEIGHT + 6;
}

/**
 * The model as an ELK graph for a layered left-to-right layout: one box per node, one edge per
 * lineage edge, and for each node with hidden neighbours a small "N more" box on that side, so the
 * drawing says what is left out instead of growing into a hairball. With `fields`, dataset boxes
 * grow a row per column (column edges are drawn between rows after the layout).
 */
export function toElkGraph(model: LineageModel, fields?: ReadonlyMap<string, readonly string[]>): ElkNode {
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  const hiddenById = allHiddenNeighbours(model);
  for (const node of model.nodes.values()) {
    const height = fields && node.kind === 'dataset' ? datasetHeight(fields.get(node.id)?.length ?? 0) : NODE_HEIGHT;
    children.push({ id: node.id, width: NODE_WIDTH, height });
    const hidden = hiddenById.get(node.id)!;
    if (hidden.upstream > 0) {
      children.push({ id: moreId(node.id, 'upstream'), width: MORE_WIDTH, height: MORE_HEIGHT });
      edges.push({ id: `edge:${moreId(node.id, 'upstream')}`, sources: [moreId(node.id, 'upstream')], targets: [node.id] });
    }
    if (hidden.downstream > 0) {
      children.push({ id: moreId(node.id, 'downstream'), width: MORE_WIDTH, height: MORE_HEIGHT });
      edges.push({ id: `edge:${moreId(node.id, 'downstream')}`, sources: [node.id], targets: [moreId(node.id, 'downstream')] });
    }
  }
  for (const [key, edge] of model.edges) edges.push({ id: `edge:${key}`, sources: [edge.origin], targets: [edge.destination] });
  return { id: 'root', layoutOptions: layoutOptions(children.length), children, edges };
}

/** Beyond this many boxes ELK's crossing minimisation costs seconds (docs/benchmarks.md): large graphs skip it. */
export const LARGE_GRAPH_BOXES = 300;

/**
 * ELK's layered layout, left to right. A large graph keeps the answer's order within each layer
 * (no crossing minimisation) and layers by longest path instead of network simplex: measured at
 * 1,000 nodes, the default options took about 30 s in the worker, these under 2 s.
 */
export function layoutOptions(boxes: number): Record<string, string> {
  const common = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.edgeRouting': 'POLYLINE',
    'elk.layered.spacing.nodeNodeBetweenLayers': '56',
    'elk.spacing.nodeNode': '18',
    'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  };
  if (boxes <= LARGE_GRAPH_BOXES) return common;
  return { ...common, 'elk.layered.crossingMinimization.strategy': 'NONE', 'elk.layered.layering.strategy': 'LONGEST_PATH' };
}

/** ELK's answer as boxes and polylines to draw, labelled from the model. */
export function fromElkLayout(model: LineageModel, layout: ElkNode, fields?: ReadonlyMap<string, readonly string[]>): DrawnGraph {
  const hiddenById = allHiddenNeighbours(model);
  const nodes: DrawnNode[] = (layout.children ?? []).map((child) => {
    const box = { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 };
    const more = /^more:(upstream|downstream):(.*)$/s.exec(child.id);
    if (more) {
      const direction = more[1] as 'upstream' | 'downstream';
      const count = hiddenById.get(more[2])?.[direction] ?? 0;
      return { id: child.id, kind: 'more', label: `${count} more`, title: `${count} more ${direction}`, ...box, more: { nodeId: more[2], direction, count } };
    }
    const node = model.nodes.get(child.id);
    const drawn: DrawnNode = { id: child.id, kind: node?.kind ?? 'dataset', label: shortLabel(node?.name ?? child.id), title: `${node?.kind ?? ''} ${node?.namespace ?? ''} ${node?.name ?? child.id}`.trim(), ...box };
    const names = fields && node?.kind === 'dataset' ? fields.get(node.id) : undefined;
    if (names && names.length > 0) {
      drawn.fields = names.slice(0, MAX_FIELDS_SHOWN).map((name, index) => ({ name, y: NODE_HEIGHT + index * FIELD_HEIGHT + FIELD_HEIGHT / 2 }));
      drawn.fieldCount = names.length;
    }
    return drawn;
  });
  const edges: DrawnEdge[] = (layout.edges ?? []).map((edge) => {
    const section = edge.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { id: edge.id, points, toMore: edge.id.startsWith('edge:more:') };
  });
  return { width: layout.width ?? 0, height: layout.height ?? 0, nodes, edges };
}

export async function layoutLineage(layouter: Layouter, model: LineageModel, fields?: ReadonlyMap<string, readonly string[]>): Promise<DrawnGraph> {
  return fromElkLayout(model, await layouter.layout(toElkGraph(model, fields)), fields);
}
