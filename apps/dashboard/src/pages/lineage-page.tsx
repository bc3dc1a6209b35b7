import { useQuery } from '@tanstack/react-query';
import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { fetchLineage } from '../api/queries';
import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';
import { workerLayouter } from '../lineage/elk-layouter';
import { DrawnGraph, DrawnNode, layoutLineage } from '../lineage/graph-layout';
import { LineageGraphView } from '../lineage/lineage-graph-view';
import { hiddenNeighbours, LineageModel, listRows, mergeLineage } from '../lineage/lineage-model';

type Direction = 'upstream' | 'downstream';

/** Namespaces and their jobs, to pick where to start when no node is in the URL. */
function NodePicker({ onPick }: { onPick(nodeId: string): void }) {
  const { client } = useSession();
  const [namespace, setNamespace] = useState<string | null>(null);
  const namespaces = useQuery({ queryKey: ['namespaces'], queryFn: () => client.get<{ namespaces: Array<{ name: string }> }>('/api/v1/namespaces?limit=200') });
  const jobs = useQuery({
    queryKey: ['jobs', namespace],
    queryFn: () => client.get<{ jobs: Array<{ namespace: string; name: string }> }>(`/api/v1/namespaces/${encodeURIComponent(namespace!)}/jobs?limit=200`),
    enabled: namespace !== null,
  });
  return (
    <Panel title="Start from a job">
      <Problem error={namespaces.error ?? jobs.error} />
      <div className="picker">
        <ul aria-label="Namespaces">
          {namespaces.data?.namespaces.map((item) => (
            <li key={item.name}>
              <button type="button" className={item.name === namespace ? 'link selected' : 'link'} onClick={() => setNamespace(item.name)}>
                {item.name}
              </button>
            </li>
          ))}
        </ul>
        {namespace && (
          <ul aria-label={`Jobs of ${namespace}`}>
            {jobs.data?.jobs.map((job) => (
              <li key={job.name}>
                <button type="button" className="link" onClick={() => onPick(`job:${job.namespace}:${job.name}`)}>
                  {job.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}

export function LineagePage() {
  const { client } = useSession();
  const [parameters, setParameters] = useSearchParams();
  const rootId = parameters.get('node');
  const view = parameters.get('view') === 'list' ? 'list' : 'graph';
  const elk = useMemo(() => workerLayouter(), []);
  const [model, setModel] = useState<LineageModel | null>(null);
  const [drawn, setDrawn] = useState<DrawnGraph | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  // One level up and one down around the node in the URL (the research's answer to hairballs); the rest on demand.
  useEffect(() => {
    if (!rootId) return;
    let current = true;
    setModel(null);
    setDrawn(null);
    setSelectedId(rootId);
    setError(null);
    setLoading(true);
    fetchLineage(client, rootId, 1, 1)
      .then((answer) => current && setModel(mergeLineage(null, answer, rootId)))
      .catch((caught: unknown) => current && setError(caught))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [client, rootId]);

  useEffect(() => {
    if (!model) return;
    let current = true;
    layoutLineage(elk, model)
      .then((graph) => current && setDrawn(graph))
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [elk, model]);

  async function expand(nodeId: string, direction: Direction) {
    setLoading(true);
    try {
      const answer = await fetchLineage(client, nodeId, direction === 'upstream' ? 1 : 0, direction === 'downstream' ? 1 : 0);
      setModel((previous) => mergeLineage(previous, answer, nodeId));
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }

  function select(node: DrawnNode) {
    if (node.more) void expand(node.more.nodeId, node.more.direction);
    else setSelectedId(node.id);
  }

  const open = (nodeId: string) => setParameters({ node: nodeId, ...(view === 'list' ? { view } : {}) });
  const setView = (next: 'graph' | 'list') => setParameters({ ...(rootId ? { node: rootId } : {}), ...(next === 'list' ? { view: next } : {}) });
  const selected = selectedId && model ? model.nodes.get(selectedId) : undefined;
  const selectedHidden = selected && model ? hiddenNeighbours(model, selected.id) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nodeId = String(new FormData(event.currentTarget).get('node') ?? '').trim();
    if (nodeId) open(nodeId);
  }

  return (
    <>
      <h1>Lineage</h1>
      <form className="toolbar" onSubmit={submit}>
        <label className="inline grow">
          Node{' '}
          <input name="node" key={rootId} defaultValue={rootId ?? ''} placeholder="job:{namespace}:{name} or dataset:{namespace}:{name}" />
        </label>
        <button type="submit">Open</button>
        <span className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'graph'} onClick={() => setView('graph')}>
            Graph
          </button>
          <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
            List
          </button>
        </span>
      </form>
      <Problem error={error} />
      {!rootId && <NodePicker onPick={open} />}
      {rootId && loading && <p className="muted" aria-live="polite">Loading…</p>}
      {rootId && model && view === 'graph' && drawn && (
        <div className="lineage-layout">
          <LineageGraphView drawn={drawn} rootId={model.rootId} selectedId={selectedId} onSelect={select} />
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
      {rootId && model && view === 'list' && (
        <div className="table-scroll">
          <table aria-label="Lineage nodes">
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Kind</th>
                <th scope="col">Upstream</th>
                <th scope="col">Downstream</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listRows(model).map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => open(row.id)} title={`${row.namespace} ${row.name}`}>
                      {row.name}
                    </button>
                    {row.id === model.rootId && <span className="role">start</span>}
                  </th>
                  <td>{row.kind}</td>
                  <td>{row.upstream.join(', ') || <span className="muted">none shown</span>}</td>
                  <td>{row.downstream.join(', ') || <span className="muted">none shown</span>}</td>
                  <td className="actions">
                    {row.hidden.upstream > 0 && (
                      <button type="button" className="secondary" onClick={() => void expand(row.id, 'upstream')}>
                        {row.hidden.upstream} more upstream
                      </button>
                    )}
                    {row.hidden.downstream > 0 && (
                      <button type="button" className="secondary" onClick={() => void expand(row.id, 'downstream')}>
                        {row.hidden.downstream} more downstream
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
