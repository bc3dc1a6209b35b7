import { columnKey, ColumnEdgeModel, edgeCarriesPii, PiiTrace } from './column-model';
import type { DrawnGraph } from './graph-layout';

export interface DrawnColumnEdge {
  key: string;
  /** An SVG path: a curve from the input column's row (right side) to the output column's row (left side). */
  path: string;
  masking: boolean;
  /** Carries the traced personal data unmasked. */
  pii: boolean;
}

/**
 * Column edges between the rows of laid-out dataset boxes. An edge whose column is not listed
 * (beyond MAX_FIELDS_SHOWN) or whose dataset is not drawn is left out: the box says "n of m columns".
 */
export function columnEdgePaths(drawn: DrawnGraph, edges: readonly ColumnEdgeModel[], trace: PiiTrace | null): DrawnColumnEdge[] {
  const anchors = new Map<string, { left: number; right: number; y: number }>();
  for (const node of drawn.nodes) {
    for (const field of node.fields ?? []) anchors.set(columnKey(node.id, field.name), { left: node.x, right: node.x + node.width, y: node.y + field.y });
  }
  const paths: DrawnColumnEdge[] = [];
  for (const edge of edges) {
    const from = anchors.get(columnKey(edge.inputNode, edge.inputField));
    const to = anchors.get(columnKey(edge.outputNode, edge.outputField));
    if (!from || !to) continue;
    const bend = Math.max(40, Math.abs(to.left - from.right) / 2);
    paths.push({
      key: edge.key,
      path: `M${from.right},${from.y} C${from.right + bend},${from.y} ${to.left - bend},${to.y} ${to.left},${to.y}`,
      masking: edge.masking,
      pii: edgeCarriesPii(trace, edge),
    });
  }
  return paths;
}
