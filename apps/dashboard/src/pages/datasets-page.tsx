import { useSearchParams } from 'react-router-dom';
import { useDataset, useDatasets } from '../api/queries';
import { useSession } from '../api/session';
import type { DatasetDetail } from '../api/types';
import { Metric, Panel, Problem } from '../components/widgets';
import { DatasetRowsTable } from '../datasets/dataset-rows-table';
import { ProfileTable } from '../datasets/profile-table';

function DatasetPanels({ dataset }: { dataset: DatasetDetail }) {
  const { can } = useSession();
  return (
    <>
      <dl className="metrics">
        <Metric id="dataset-rows" label="Rows" value={dataset.rowCount} />
        <Metric id="dataset-conflicts" label="Conflicts" value={dataset.conflicts.total} hint="Records kept out of the typed table" />
        <Metric id="dataset-columns" label="Columns" value={dataset.columns.length} />
        <Metric id="dataset-contract" label="Contract" value={dataset.contractVersion} hint={dataset.contractId} />
      </dl>
      <Panel title="Rows">
        <p className="muted">
          Table <code>{dataset.table}</code>, key {dataset.primaryKey.length > 0 ? dataset.primaryKey.join(', ') : 'record id'}. Protected values only: personal data appears as its masked form.
        </p>
        <DatasetRowsTable key={dataset.datasetId} dataset={dataset} />
      </Panel>
      {can('sources:read') && (
        <Panel title="Profile">
          <ProfileTable sourceId={dataset.datasetId} />
        </Panel>
      )}
      {dataset.conflicts.recent.length > 0 && (
        <Panel title="Recent conflicts">
          <div className="table-scroll">
            <table aria-label="Recent conflicts">
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Contract version</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Recorded</th>
                </tr>
              </thead>
              <tbody>
                {dataset.conflicts.recent.map((conflict) => (
                  <tr key={conflict.recordId}>
                    <td>
                      <code>{conflict.recordId}</code>
                    </td>
                    <td>{conflict.contractVersion}</td>
                    <td>{conflict.reason}</td>
                    <td>{new Date(conflict.recordedAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
    </>
  );
}

/** Datasets: the typed tables, one's rows (masked values only), its profile and its conflicts. */
export function DatasetsPage() {
  const [parameters, setParameters] = useSearchParams();
  const datasets = useDatasets();
  const items = datasets.data?.items ?? [];
  const selected = parameters.get('dataset') ?? items[0]?.datasetId ?? null;
  const detail = useDataset(selected);

  return (
    <>
      <h1>Datasets</h1>
      <Panel title="Typed datasets">
        <Problem error={datasets.error} />
        {datasets.data && items.length === 0 && <p className="muted">No typed dataset yet: a contract with a schema for a source makes one.</p>}
        {items.length > 0 && (
          <div className="table-scroll">
            <table aria-label="Datasets">
              <thead>
                <tr>
                  <th scope="col">Dataset</th>
                  <th scope="col" className="number">Columns</th>
                  <th scope="col">Key</th>
                  <th scope="col">Contract</th>
                </tr>
              </thead>
              <tbody>
                {items.map((dataset) => (
                  <tr key={dataset.datasetId} aria-selected={dataset.datasetId === selected}>
                    <td>
                      <button type="button" className="link" onClick={() => setParameters({ dataset: dataset.datasetId }, { replace: true })}>
                        {dataset.datasetId}
                      </button>
                    </td>
                    <td className="number">{dataset.columns.length}</td>
                    <td>{dataset.primaryKey.join(', ') || 'record id'}</td>
                    <td>
                      {dataset.contractId} {dataset.contractVersion}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {selected !== null && <h2 className="section-title">{selected}</h2>}
      <Problem error={detail.error} />
      {detail.data && <DatasetPanels dataset={detail.data} />}
    </>
  );
}
