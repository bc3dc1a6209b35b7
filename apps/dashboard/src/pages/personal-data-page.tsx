import { useSearchParams } from 'react-router-dom';
import { useFindings, useSources } from '../api/queries';
import { useSession } from '../api/session';
import { Metric, Panel, Problem } from '../components/widgets';
import { ClassificationsPanel } from '../personal-data/classifications-panel';
import { findingsByColumn, findingsByDataset, findingsByEntity, FindingTotal } from '../personal-data/findings-summary';
import { PoliciesPanel, PolicySelection } from '../personal-data/policies-panel';

function TotalsTable({ label, keyLabel, spreadLabel, totals, testId }: { label: string; keyLabel: string; spreadLabel: string; totals: FindingTotal[]; testId: string }) {
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{keyLabel}</th>
            <th scope="col" className="number">Findings</th>
            <th scope="col" className="number">{spreadLabel}</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((total) => (
            <tr key={total.key}>
              <td>{total.key}</td>
              <td className="number" data-testid={`${testId}-${total.key}`}>
                {total.findings}
              </td>
              <td className="number">{total.spread}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FindingsPanels() {
  const findings = useFindings();
  const rows = findings.data?.items ?? [];
  const total = rows.reduce((sum, row) => sum + row.findings, 0);
  return (
    <>
      <Problem error={findings.error} />
      <dl className="metrics">
        <Metric id="findings-total" label="Findings" value={findings.data ? total : '…'} hint="Detected values; counts only, never the values" />
        <Metric id="findings-datasets" label="Datasets with personal data" value={findings.data ? findingsByDataset(rows).length : '…'} />
        <Metric id="findings-columns" label="Columns with personal data" value={findings.data ? new Set(rows.map((row) => `${row.sourceId}\u0000${row.field}`)).size : '…'} />
      </dl>
      <div className="columns">
        <Panel title="By entity type">
          <TotalsTable label="Findings by entity type" keyLabel="Entity type" spreadLabel="Columns" totals={findingsByEntity(rows)} testId="entity-findings" />
        </Panel>
        <Panel title="By dataset">
          <TotalsTable label="Findings by dataset" keyLabel="Dataset" spreadLabel="Entity types" totals={findingsByDataset(rows)} testId="dataset-findings" />
        </Panel>
      </div>
      <Panel title="By column">
        {findings.data && rows.length === 0 && <p className="muted">No personal data found yet.</p>}
        {rows.length > 0 && (
          <div className="table-scroll">
            <table aria-label="Findings by column">
              <thead>
                <tr>
                  <th scope="col">Dataset</th>
                  <th scope="col">Field</th>
                  <th scope="col">Entity type</th>
                  <th scope="col" className="number">Findings</th>
                  <th scope="col" className="number">Records</th>
                  <th scope="col">Last detected</th>
                </tr>
              </thead>
              <tbody>
                {findingsByColumn(rows).map((row) => (
                  <tr key={`${row.sourceId}:${row.field}:${row.entityType}`}>
                    <td>{row.sourceId}</td>
                    <td>{row.field}</td>
                    <td>{row.entityType}</td>
                    <td className="number">{row.findings}</td>
                    <td className="number">{row.records}</td>
                    <td>{new Date(row.lastDetectedAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}

const numberOrNull = (value: string | null) => (value && /^\d+$/.test(value) ? Number(value) : null);

/** Personal data: what was found where (counts, never values), how columns are classified, and the protection policies. */
export function PersonalDataPage() {
  const { can } = useSession();
  const [parameters, setParameters] = useSearchParams();
  const findings = useFindings();
  const sources = useSources();
  const sourceIds = [...new Set([...(sources.data?.items.map((source) => source.sourceId) ?? []), ...(findings.data?.items.map((row) => row.sourceId) ?? [])])].sort();
  const selectedSource = parameters.get('source') ?? sourceIds[0] ?? null;
  const policy: PolicySelection = { policyId: parameters.get('policy'), from: numberOrNull(parameters.get('from')), to: numberOrNull(parameters.get('to')) };

  const update = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams(parameters);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, String(value));
    }
    setParameters(next, { replace: true });
  };

  return (
    <>
      <h1>Personal data</h1>
      {can('findings:read') && <FindingsPanels />}
      {can('pii:read') && (
        <>
          <ClassificationsPanel sourceIds={sourceIds} selected={selectedSource} onSelect={(sourceId) => update({ source: sourceId })} />
          <PoliciesPanel selection={policy} onSelect={(selection) => update({ policy: selection.policyId, from: selection.from, to: selection.to })} />
        </>
      )}
    </>
  );
}
