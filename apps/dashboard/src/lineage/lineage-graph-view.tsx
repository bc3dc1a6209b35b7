import { KeyboardEvent } from 'react';
import type { DrawnGraph, DrawnNode } from './graph-layout';

interface Props {
  drawn: DrawnGraph;
  rootId: string;
  selectedId: string | null;
  onSelect(node: DrawnNode): void;
}

const MIN_SCALE = 0.6;

const pathOf = (points: Array<{ x: number; y: number }>) => points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`).join(' ');

/** The laid-out graph as SVG: datasets and jobs as boxes, "N more" as dashed boxes; every box is a keyboard-reachable button. */
export function LineageGraphView({ drawn, rootId, selectedId, onSelect }: Props) {
  const activate = (node: DrawnNode) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(node);
    }
  };
  return (
    <div className="graph-scroll">
      <svg
        className="lineage-graph"
        viewBox={`0 0 ${drawn.width} ${drawn.height}`}
        // Fits the panel, never enlarged, and shrunk at most to 60 % (beyond that the panel scrolls).
        style={{ maxWidth: drawn.width, minWidth: Math.round(drawn.width * MIN_SCALE) }}
        role="group"
        aria-label="Lineage graph"
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="arrow-head" />
          </marker>
        </defs>
        {drawn.edges.map((edge) => (
          <path key={edge.id} d={pathOf(edge.points)} className={edge.toMore ? 'edge edge-more' : 'edge'} markerEnd="url(#arrow)" />
        ))}
        {drawn.nodes.map((node) => (
          <g
            key={node.id}
            transform={`translate(${node.x},${node.y})`}
            className={`node node-${node.kind}${node.id === rootId ? ' node-root' : ''}${node.id === selectedId ? ' node-selected' : ''}`}
            role="button"
            tabIndex={0}
            // The name holds the text shown, words in order (axe: label-content-name-mismatch), then the full name;
            // no <title>: screen readers have the name, and its text would run into the shown text.
            aria-label={node.kind === 'more' ? `Show ${node.title}` : `${node.kind} ${node.label}: ${node.title}`}
            data-node-id={node.id}
            onClick={() => onSelect(node)}
            onKeyDown={activate(node)}
          >
            <rect width={node.width} height={node.height} rx={node.kind === 'job' ? 4 : 14} />
            {node.kind === 'more' ? (
              <text x={node.width / 2} y={node.height / 2 + 4} textAnchor="middle">
                {node.label}
              </text>
            ) : (
              <>
                <text x={10} y={17} className="node-kind">
                  {node.kind}
                </text>{' '}
                <text x={10} y={34}>
                  {node.label}
                </text>
              </>
            )}
          </g>
        ))}
      </svg>
    </div>
  );
}
