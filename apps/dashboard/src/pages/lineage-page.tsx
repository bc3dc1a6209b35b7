import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { fetchLineage } from '../api/queries';
import { useSession } from '../api/session';
import { Problem } from '../components/widgets';
import { ColumnLegend } from '../lineage/column-legend';
import { fieldsByDataset } from '../lineage/column-model';
import { workerLayouter } from '../lineage/elk-layouter';
import { DrawnGraph, DrawnNode, layoutLineage } from '../lineage/graph-layout';
import { LineageGraphView } from '../lineage/lineage-graph-view';
import { LineageListView } from '../lineage/lineage-list-view';
import { hiddenNeighbours, LineageModel, mergeLineage } from '../lineage/lineage-model';
import { LineageSearch, readLineageSearch, writeLineageSearch } from '../lineage/lineage-search';
import { markAnswered, timedLayout } from '../lineage/lineage-timing';
import { LineageToolbar } from '../lineage/lineage-toolbar';
import { NodePicker } from '../lineage/node-picker';
import { MAX_COLUMN_DATASETS, useColumnLineage, usePiiTrace } from '../lineage/use-column-lineage';

type Direction = 'upstream' | 'downstream';

export function LineagePage() {
  const { client } = useSession();
  const [parameters, setParameters] = useSearchParams();
  const search = useMemo(() => readLineageSearch(parameters), [parameters]);
  const { node: rootId, up, down, asOf } = search;
  const elk = useMemo(() => workerLayouter(), []);
  const [model, setModel] = useState<LineageModel | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [drawn, setDrawn] = useState<DrawnGraph | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [traced, setTraced] = useState<{ nodeId: string; field: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const columns = useColumnLineage(model, search.columns, asOf);
  const { trace, error: traceError } = usePiiTrace(model, search.columns ? traced : null);
  // With columns on, lay out once every dataset's column answer is in (its boxes grow a row per column).
  const fields = useMemo(() => (model && search.columns && columns.edges ? fieldsByDataset(model, columns.edges) : undefined), [model, search.columns, columns.edges]);
  const waitingForColumns = search.columns && !columns.tooMany && !columns.edges && !columns.error;

  // `up` levels up and `down` down around the node in the URL (1 and 1 by default: the research's answer to hairballs); the rest on demand.
  useEffect(() => {
    if (!rootId) return;
    let current = true;
    setModel(null);
    setDrawn(null);
    setSelectedId(rootId);
    setError(null);
    setLoading(true);
    fetchLineage(client, rootId, up, down, asOf)
      .then((answer) => {
        if (!current) return;
        markAnswered();
        setTruncated(answer.truncated);
        setModel(mergeLineage(null, answer, rootId));
      })
      .catch((caught: unknown) => current && setError(caught))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [client, rootId, up, down, asOf]);

  useEffect(() => {
    if (!model || waitingForColumns) return;
    let current = true;
    timedLayout(() => layoutLineage(elk, model, fields))
      .then((graph) => current && setDrawn(graph))
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [elk, model, fields, waitingForColumns]);

  async function expand(nodeId: string, direction: Direction) {
    setLoading(true);
    try {
      const answer = await fetchLineage(client, nodeId, direction === 'upstream' ? 1 : 0, direction === 'downstream' ? 1 : 0, asOf);
      setModel((previous) => mergeLineage(previous, answer, nodeId));
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }

  const select = (node: DrawnNode) => {
    if (node.more) void expand(node.more.nodeId, node.more.direction);
    else setSelectedId(node.id);
  };
  // Choosing the traced column again stops the trace.
  const traceColumn = useCallback((nodeId: string, field: string) => setTraced((previous) => (previous?.nodeId === nodeId && previous.field === field ? null : { nodeId, field })), []);
  const change = (next: LineageSearch) => setParameters(writeLineageSearch(next));
  const open = (nodeId: string) => change({ ...search, node: nodeId, up: 1, down: 1 });
  const selected = selectedId && model ? model.nodes.get(selectedId) : undefined;
  const selectedHidden = selected && model ? hiddenNeighbours(model, selected.id) : null;
  const tracedName = traced && model ? `${model.nodes.get(traced.nodeId)?.name ?? traced.nodeId} · ${traced.field}` : null;

  return (
    <>
      <h1>Lineage</h1>
      <LineageToolbar search={search} onChange={change} />
      <Problem error={error ?? columns.error ?? traceError} />
      {!rootId && <NodePicker onPick={open} />}
      {rootId && (loading || waitingForColumns) && (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      )}
      {model && truncated && <p className="note">More nodes are reachable than the {model.nodes.size} shown: lower the levels, or open a node further out.</p>}
      {search.columns && columns.tooMany && <p className="note">Columns are shown for up to {MAX_COLUMN_DATASETS} datasets: lower the levels to see them.</p>}
      {search.columns && columns.truncated && <p className="note">Some datasets have more column edges than shown.</p>}
      {search.columns && columns.edges && <ColumnLegend traced={trace ? tracedName : null} />}
      {rootId && model && search.view === 'graph' && drawn && (
        <div className="lineage-layout">
          <LineageGraphView
            drawn={drawn}
            rootId={model.rootId}
            selectedId={selectedId}
            onSelect={select}
            columnEdges={search.columns ? columns.edges : undefined}
            trace={trace}
            onTraceColumn={search.columns ? traceColumn : undefined}
          />
          {selected && selectedHidden && (
            <aside className="details" aria-label="Selected node">
              <h2>{selected.name}</h2>
              <p className="muted">
                {selected.kind} in {selected.namespace}
              </p>
              <div className="stack">
                {selectedHidden.upstream > 0 && (
                  <button type="button" onClick={() => void expand(selected.id, 'upstream')}>
                    Show {selectedHidden.upstream} more upstream
                  </button>
                )}
                {selectedHidden.downstream > 0 && (
                  <button type="button" onClick={() => void expand(selected.id, 'downstream')}>
                    Show {selectedHidden.downstream} more downstream
                  </button>
                )}
                {selected.id !== model.rootId && (
                  <button type="button" className="secondary" onClick={() => open(selected.id)}>
                    Center on this node
                  </button>
                )}
              </div>
            </aside>
          )}
        </div>
      )}
      {rootId && model && search.view === 'list' && (
        <LineageListView model={model} onOpen={open} onExpand={(nodeId, direction) => void expand(nodeId, direction)} columnEdges={search.columns ? columns.edges : undefined} trace={trace} onTraceColumn={traceColumn} />
      )}
    </>
  );
}
