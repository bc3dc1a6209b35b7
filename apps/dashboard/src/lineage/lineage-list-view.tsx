import { columnKey, ColumnEdgeModel, edgeCarriesPii, PiiTrace } from './column-model';
import { LineageModel, listRows } from './lineage-model';

interface Props {
  model: LineageModel;
  onOpen(nodeId: string): void;
  onExpand(nodeId: string, direction: 'upstream' | 'downstream'): void;
  columnEdges?: readonly ColumnEdgeModel[];
  trace: PiiTrace | null;
  onTraceColumn(nodeId: string, field: string): void;
}

/** The accessible alternative to the canvas: the nodes, then (with columns) the column edges, as tables. */
export function LineageListView({ model, onOpen, onExpand, columnEdges, trace, onTraceColumn }: Props) {
  const nameOf = (nodeId: string) => model.nodes.get(nodeId)?.name ?? nodeId;
  const carries = (nodeId: string, field: string) => trace?.carriers.has(columnKey(nodeId, field)) ?? false;
  return (
    <>
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
                  <button type="button" className="link" onClick={() => onOpen(row.id)} title={`${row.namespace} ${row.name}`}>
                    {row.name}
                  </button>
                  {row.id === model.rootId && <span className="role">start</span>}
                </th>
                <td>{row.kind}</td>
                <td>{row.upstream.join(', ') || <span className="muted">none shown</span>}</td>
                <td>{row.downstream.join(', ') || <span className="muted">none shown</span>}</td>
                <td className="actions">
                  {row.hidden.upstream > 0 && (
                    <button type="button" className="secondary" onClick={() => onExpand(row.id, 'upstream')}>
                      {row.hidden.upstream} more upstream
                    </button>
                  )}
                  {row.hidden.downstream > 0 && (
                    <button type="button" className="secondary" onClick={() => onExpand(row.id, 'downstream')}>
                      {row.hidden.downstream} more downstream
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {columnEdges && (
        <div className="table-scroll">
          <h2 className="section-title">Column lineage</h2>
          <table aria-label="Column edges">
            <thead>
              <tr>
                <th scope="col">From column</th>
                <th scope="col">To column</th>
                <th scope="col">Job</th>
                <th scope="col">Masked</th>
                <th scope="col">Personal data</th>
              </tr>
            </thead>
            <tbody>
              {columnEdges.map((edge) => (
                <tr key={edge.key} data-masking={edge.masking}>
                  <th scope="row">
                    {nameOf(edge.inputNode)} · {edge.inputField}{' '}
                    <button type="button" className="link" aria-label={`Trace personal data from ${nameOf(edge.inputNode)} column ${edge.inputField}`} onClick={() => onTraceColumn(edge.inputNode, edge.inputField)}>
                      trace
                    </button>
                  </th>
                  <td>
                    {nameOf(edge.outputNode)} · {edge.outputField}
                  </td>
                  <td>{edge.job ?? <span className="muted">unknown</span>}</td>
                  <td>{edge.masking ? 'masked' : 'no'}</td>
                  <td data-testid="edge-pii">{edgeCarriesPii(trace, edge) ? 'carried unmasked' : carries(edge.inputNode, edge.inputField) && edge.masking ? 'stopped here' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {columnEdges.length === 0 && <p className="muted">No column lineage for these datasets.</p>}
        </div>
      )}
    </>
  );
}
