import { usePolicies, usePolicyHistory, usePolicyVersion } from '../api/queries';
import { Panel, Problem } from '../components/widgets';
import { diffPolicyVersions, PolicyChange } from './policy-diff';

const SECTION_LABELS: Record<PolicyChange['section'], string> = { source: 'Source', description: 'Description', entity: 'Entity type', field: 'Field' };

export interface PolicySelection {
  policyId: string | null;
  from: number | null;
  to: number | null;
}

function VersionPicker({ label, versions, value, onChange }: { label: string; versions: number[]; value: number | null; onChange: (version: number) => void }) {
  return (
    <label className="inline">
      {label}{' '}
      <select value={value ?? ''} onChange={(event) => onChange(Number(event.target.value))}>
        {versions.map((version) => (
          <option key={version} value={version}>
            v{version}
          </option>
        ))}
      </select>
    </label>
  );
}

function PolicyDiff({ policyId, from, to }: { policyId: string; from: number; to: number }) {
  const before = usePolicyVersion(policyId, from);
  const after = usePolicyVersion(policyId, to);
  if (before.error || after.error) return <Problem error={before.error ?? after.error} />;
  if (!before.data || !after.data) return <p className="muted">Loading…</p>;
  const changes = diffPolicyVersions(before.data, after.data);
  if (changes.length === 0) return <p className="muted">v{from} and v{to} protect alike.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="Policy changes">
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Name</th>
            <th scope="col">Change</th>
            <th scope="col">v{from}</th>
            <th scope="col">v{to}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={`${change.section}:${change.key}`} data-change={`${change.section}:${change.key}`} className={`change-${change.kind}`}>
              <td>{SECTION_LABELS[change.section]}</td>
              <td>{change.key}</td>
              <td>{change.kind}</td>
              <td>
                <code>{change.before ?? '—'}</code>
              </td>
              <td>
                <code>{change.after ?? '—'}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The policies, the versions of the chosen one, and what changed between two of them. */
export function PoliciesPanel({ selection, onSelect }: { selection: PolicySelection; onSelect: (selection: PolicySelection) => void }) {
  const policies = usePolicies();
  const history = usePolicyHistory(selection.policyId);
  const versions = history.data?.versions.map((version) => version.version) ?? [];
  // Newest against the one before it unless the URL says otherwise.
  const to = selection.to ?? versions[0] ?? null;
  const from = selection.from ?? versions[1] ?? versions[0] ?? null;
  return (
    <Panel title="Protection policies">
      <Problem error={policies.error ?? history.error} />
      {policies.data && (
        <div className="table-scroll">
          <table aria-label="Policies">
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Source</th>
                <th scope="col" className="number">Latest version</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {policies.data.items.map((policy) => (
                <tr key={policy.policyId} aria-selected={policy.policyId === selection.policyId}>
                  <td>
                    <button type="button" className="link" onClick={() => onSelect({ policyId: policy.policyId, from: null, to: null })}>
                      {policy.policyId}
                    </button>
                  </td>
                  <td>{policy.sourceId}</td>
                  <td className="number">{policy.version}</td>
                  <td>{new Date(policy.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selection.policyId && history.data && from !== null && to !== null && (
        <>
          <h3>Versions of {selection.policyId}</h3>
          <div className="toolbar">
            <VersionPicker label="From" versions={versions} value={from} onChange={(version) => onSelect({ ...selection, from: version, to })} />
            <VersionPicker label="To" versions={versions} value={to} onChange={(version) => onSelect({ ...selection, from, to: version })} />
          </div>
          <PolicyDiff policyId={selection.policyId} from={from} to={to} />
        </>
      )}
    </Panel>
  );
}
