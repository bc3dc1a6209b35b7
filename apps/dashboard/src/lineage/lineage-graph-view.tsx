import { KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { columnEdgePaths } from './column-edge-paths';
import { columnKey, ColumnEdgeModel, PiiTrace } from './column-model';
import { FIELD_HEIGHT, NODE_HEIGHT, type DrawnGraph, type DrawnNode } from './graph-layout';
import { markPainted } from './lineage-timing';

interface Props {
  drawn: DrawnGraph;
  rootId: string;
  selectedId: string | null;
  onSelect(node: DrawnNode): void;
  /** Columns shown: the column edges to draw between rows, and what to do when a column is chosen. */
  columnEdges?: readonly ColumnEdgeModel[];
  trace?: PiiTrace | null;
  onTraceColumn?(nodeId: string, field: string): void;
}

const MIN_SCALE = 0.6;

const pathOf = (points: Array<{ x: number; y: number }>) => points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`).join(' ');

const onKeys = (action: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    action();
  }
};

interface NodeProps {
  node: DrawnNode;
  root: boolean;
  selected: boolean;
  /** The listed columns that carry the traced personal data, joined (a string, so memo compares it cheaply). */
  piiFields: string;
  traceStart: string | null;
  onSelect(node: DrawnNode): void;
  onTraceColumn?(nodeId: string, field: string): void;
}

/**
 * One box. Memoised: selecting or tracing re-renders only the boxes whose props change, which keeps
 * a 1,000-node graph responsive. The box is a button; its column rows are buttons beside it (never
 * inside: axe's nested-interactive).
 */
const NodeBox = memo(function NodeBox({ node, root, selected, piiFields, traceStart, onSelect, onTraceColumn }: NodeProps) {
  const carriers = piiFields ? new Set(piiFields.split('\n')) : null;
  const hiddenColumns = (node.fieldCount ?? 0) - (node.fields?.length ?? 0);
  return (
    <g transform={`translate(${node.x},${node.y})`} data-box={node.id}>
      <g
        className={`node node-${node.kind}${root ? ' node-root' : ''}${selected ? ' node-selected' : ''}`}
        role="button"
        tabIndex={0}
        // The name holds the text shown, words in order (axe: label-content-name-mismatch), then the full name;
        // no <title>: screen readers have the name, and its text would run into the shown text.
        aria-label={node.kind === 'more' ? `Show ${node.title}` : `${node.kind} ${node.label}: ${node.title}`}
        data-node-id={node.id}
        onClick={() => onSelect(node)}
        onKeyDown={onKeys(() => onSelect(node))}
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
      {node.fields?.map((field) => {
        const pii = carriers?.has(field.name) ?? false;
        const start = traceStart === field.name;
        // The name starts with the text shown, in order (axe: label-content-name-mismatch; the space between the texts keeps their words apart).
        const label = `${field.name}${pii ? (start ? ' PII source' : ' PII') : ''}`;
        return (
          <g
            key={field.name}
            className={`field${pii ? ' field-pii' : ''}`}
            transform={`translate(0,${field.y - FIELD_HEIGHT / 2})`}
            role={onTraceColumn ? 'button' : undefined}
            tabIndex={onTraceColumn ? 0 : undefined}
            aria-label={onTraceColumn ? `${label}: column, trace its personal data downstream` : undefined}
            aria-pressed={onTraceColumn ? start : undefined}
            data-column={field.name}
            data-pii={pii ? (start ? 'source' : 'carrier') : undefined}
            onClick={onTraceColumn && (() => onTraceColumn(node.id, field.name))}
            onKeyDown={onTraceColumn && onKeys(() => onTraceColumn(node.id, field.name))}
          >
            <rect x={4} width={node.width - 8} height={FIELD_HEIGHT - 2} rx={3} />
            <text x={12} y={FIELD_HEIGHT / 2 + 3}>
              {field.name}
            </text>{' '}
            {pii && (
              <text x={node.width - 12} y={FIELD_HEIGHT / 2 + 3} textAnchor="end" className="pii-mark">
                {start ? 'PII source' : 'PII'}
              </text>
            )}
          </g>
        );
      })}
      {hiddenColumns > 0 && (
        <text x={12} y={NODE_HEIGHT + (node.fields?.length ?? 0) * FIELD_HEIGHT + 12} className="node-kind">
          {node.fields?.length} of {node.fieldCount} columns
        </text>
      )}
    </g>
  );
});

/** The laid-out graph as SVG: datasets and jobs as boxes, "N more" as dashed boxes; every box is a keyboard-reachable button. */
export function LineageGraphView({ drawn, rootId, selectedId, onSelect, columnEdges, trace = null, onTraceColumn }: Props) {
  // Stable callbacks: a new function every render would re-render every memoised box.
  const handlers = useRef({ onSelect, onTraceColumn });
  useLayoutEffect(() => {
    handlers.current = { onSelect, onTraceColumn };
  });
  const select = useCallback((node: DrawnNode) => handlers.current.onSelect(node), []);
  const traceColumn = useCallback((nodeId: string, field: string) => handlers.current.onTraceColumn?.(nodeId, field), []);
  const columnPaths = useMemo(() => (columnEdges ? columnEdgePaths(drawn, columnEdges, trace) : []), [drawn, columnEdges, trace]);
  const piiFieldsOf = (node: DrawnNode) => (trace && node.fields ? node.fields.filter((field) => trace.carriers.has(columnKey(node.id, field.name))).map((field) => field.name).join('\n') : '');
  const traceStart = trace ? (JSON.parse(trace.start) as [string, string]) : null;

  useEffect(() => markPainted(), [drawn]);

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
        <g className={columnEdges ? 'table-edges faded' : 'table-edges'}>
          {drawn.edges.map((edge) => (
            <path key={edge.id} d={pathOf(edge.points)} className={edge.toMore ? 'edge edge-more' : 'edge'} markerEnd="url(#arrow)" />
          ))}
        </g>
        {drawn.nodes.map((node) => (
          <NodeBox
            key={node.id}
            node={node}
            root={node.id === rootId}
            selected={node.id === selectedId}
            piiFields={piiFieldsOf(node)}
            traceStart={traceStart && traceStart[0] === node.id ? traceStart[1] : null}
            onSelect={select}
            onTraceColumn={onTraceColumn ? traceColumn : undefined}
          />
        ))}
        {/* Above the boxes (a column edge crosses the job between its datasets), never in the way of a click. */}
        <g className="column-edges" aria-hidden="true">
          {columnPaths.map((edge) => (
            <path key={edge.key} d={edge.path} className={`column-edge${edge.masking ? ' column-edge-masked' : ''}${edge.pii ? ' column-edge-pii' : ''}`} data-masking={edge.masking} data-pii={edge.pii} />
          ))}
        </g>
      </svg>
    </div>
  );
}
