import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { hiddenNeighbours, LineageModel } from './lineage-model';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 44;
export const MORE_WIDTH = 120;
export const MORE_HEIGHT = 28;
const LABEL_CHARACTERS = 30;

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

/**
 * The model as an ELK graph for a layered left-to-right layout: one box per node, one edge per
 * lineage edge, and for each node with hidden neighbours a small "N more" box on that side, so the
 * drawing says what is left out instead of growing into a hairball.
 */
export function toElkGraph(model: LineageModel): ElkNode {
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  for (const node of model.nodes.values()) {
    children.push({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT });
    const hidden = hiddenNeighbours(model, node.id);
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
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '18',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  };
}

/** ELK's answer as boxes and polylines to draw, labelled from the model. */
export function fromElkLayout(model: LineageModel, layout: ElkNode): DrawnGraph {
  const nodes: DrawnNode[] = (layout.children ?? []).map((child) => {
    const box = { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 };
    const more = /^more:(upstream|downstream):(.*)$/s.exec(child.id);
    if (more) {
      const direction = more[1] as 'upstream' | 'downstream';
      const count = hiddenNeighbours(model, more[2])[direction];
      return { id: child.id, kind: 'more', label: `${count} more`, title: `${count} more ${direction}`, ...box, more: { nodeId: more[2], direction, count } };
    }
    const node = model.nodes.get(child.id);
    return { id: child.id, kind: node?.kind ?? 'dataset', label: shortLabel(node?.name ?? child.id), title: `${node?.kind ?? ''} ${node?.namespace ?? ''} ${node?.name ?? child.id}`.trim(), ...box };
  });
  const edges: DrawnEdge[] = (layout.edges ?? []).map((edge) => {
    const section = edge.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { id: edge.id, points, toMore: edge.id.startsWith('edge:more:') };
  });
  return { width: layout.width ?? 0, height: layout.height ?? 0, nodes, edges };
}

export async function layoutLineage(layouter: Layouter, model: LineageModel): Promise<DrawnGraph> {
  return fromElkLayout(model, await layouter.layout(toElkGraph(model)));
}
