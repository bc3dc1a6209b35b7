import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSources } from '../api/queries';
import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';
import { ContractEditor, type EditorStart } from '../quality/contract-editor';
import { fetchContractDraft, useContracts, useContractVersion } from '../quality/contract-queries';
import { asNewVersion, nextVersion } from '../quality/contract-text';
import { ContractVersionPanel } from '../quality/contract-version-panel';
import { DryRunPanel } from '../quality/dry-run-panel';

/**
 * Data contracts (`?contract=&version=`): every contract with its versions and where each is
 * active; a version's checks; a new version edited from a stored one or a source's draft,
 * validated, saved, dry-run and activated.
 */
export function ContractsPage() {
  const { client, can } = useSession();
  const [parameters, setParameters] = useSearchParams();
  const contractId = parameters.get('contract');
  const versionId = parameters.get('version');
  const contracts = useContracts();
  const sources = useSources();
  const version = useContractVersion(contractId, versionId);
  const [editing, setEditing] = useState<(EditorStart & { key: number }) | null>(null);
  const [draftSource, setDraftSource] = useState('');
  const [draftError, setDraftError] = useState<unknown>(null);
  const contract = contracts.data?.items.find((candidate) => candidate.contractId === contractId);

  const choose = (nextContract: string | null, nextVersionId: string | null) => {
    const next = new URLSearchParams();
    if (nextContract) next.set('contract', nextContract);
    if (nextVersionId) next.set('version', nextVersionId);
    setParameters(next, { replace: true });
  };
  const edit = (start: EditorStart) => setEditing({ ...start, key: Date.now() });
  const editVersion = () => {
    if (!version.data || !contract) return;
    const proposed = nextVersion(contract.versions.map((stored) => stored.version));
    edit({ document: asNewVersion(version.data.document, proposed), origin: `version ${version.data.version} of ${version.data.contractId}, as ${proposed}` });
  };
  const editDraft = async () => {
    setDraftError(null);
    try {
      edit({ document: await fetchContractDraft(client, draftSource), origin: `the draft read off the profile of ${draftSource}` });
    } catch (error) {
      setDraftError(error);
    }
  };

  return (
    <>
      <h1>Contracts</h1>
      <Panel title="Data contracts">
        <Problem error={contracts.error} />
        {contracts.data?.items.length === 0 && <p className="muted">No contract yet.</p>}
        {contracts.data && contracts.data.items.length > 0 && (
          <div className="table-scroll">
            <table aria-label="Contracts">
              <thead>
                <tr>
                  <th scope="col">Contract</th>
                  <th scope="col">Versions</th>
                  <th scope="col">Active</th>
                </tr>
              </thead>
              <tbody>
                {contracts.data.items.map((candidate) => (
                  <tr key={candidate.contractId} aria-selected={candidate.contractId === contractId}>
                    <td>
                      <button type="button" className="link" onClick={() => choose(candidate.contractId, null)}>
                        {candidate.contractId}
                      </button>
                    </td>
                    <td>
                      {candidate.versions.map((stored) => (
                        <button key={stored.version} type="button" className={`link version-link${candidate.contractId === contractId && stored.version === versionId ? ' selected' : ''}`} aria-label={`Version ${stored.version} of ${candidate.contractId}`} onClick={() => choose(candidate.contractId, stored.version)}>
                          {stored.version}
                        </button>
                      ))}
                    </td>
                    <td>{candidate.active.map((active) => `${active.sourceId} ${active.version}`).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {can('sources:read') && (
          <div className="toolbar draft-start">
            <label className="inline">
              Start from the draft of
              <select value={draftSource} onChange={(event) => setDraftSource(event.target.value)}>
                <option value="">a source…</option>
                {(sources.data?.items ?? []).map((source) => (
                  <option key={source.sourceId}>{source.sourceId}</option>
                ))}
              </select>
            </label>
            <button type="button" className="secondary" disabled={draftSource === ''} onClick={() => void editDraft()}>
              Load draft
            </button>
          </div>
        )}
        <Problem error={draftError} />
      </Panel>
      {contract && !versionId && <p className="muted">Choose a version of {contract.contractId}.</p>}
      <Problem error={version.error} />
      {version.data && <ContractVersionPanel version={version.data} onEdit={editVersion} />}
      {editing && (
        <ContractEditor
          key={editing.key}
          start={editing}
          onSaved={(saved) => {
            choose(saved.contractId, saved.version);
          }}
        />
      )}
      {version.data && <DryRunPanel key={`${version.data.contractId}@${version.data.version}`} version={version.data} />}
    </>
  );
}
