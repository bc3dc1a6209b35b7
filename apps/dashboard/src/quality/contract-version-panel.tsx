import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';
import { useActivateContract, type ContractVersionView } from './contract-queries';

/** A stored version: its compiled checks per source, what is not evaluated, and (contracts:write) Activate. */
export function ContractVersionPanel({ version, onEdit }: { version: ContractVersionView; onEdit: () => void }) {
  const { can } = useSession();
  const activate = useActivateContract();
  const sources = version.sources.map((source) => source.sourceId);
  const activeEverywhere = sources.length > 0 && sources.every((source) => version.activeFor.includes(source));
  return (
    <Panel
      title={`Version ${version.version}`}
      actions={
        <div className="actions">
          <button type="button" className="secondary" onClick={onEdit}>
            Edit as a new version
          </button>
          {can('contracts:write') && !activeEverywhere && (
            <button type="button" disabled={activate.isPending} onClick={() => activate.mutate({ contractId: version.contractId, version: version.version })}>
              {activate.isPending ? 'Activating…' : 'Activate'}
            </button>
          )}
        </div>
      }
    >
      <dl className="facts">
        <dt>Status</dt>
        <dd>{version.status}</dd>
        <dt>Stored</dt>
        <dd>
          {new Date(version.createdAt).toLocaleString()} ({version.origin})
        </dd>
        <dt>Active for</dt>
        <dd data-testid="version-active-for">{version.activeFor.length > 0 ? version.activeFor.join(', ') : 'no dataset'}</dd>
      </dl>
      <Problem error={activate.error} />
      {activate.data && (
        <p role="status" className="check-ok" data-testid="activation-result">
          Version {activate.data.version} now checks {activate.data.activeFor.join(', ')}.
        </p>
      )}
      {version.sources.map((source) => (
        <div key={source.sourceId} className="table-scroll">
          <table aria-label={`Checks of ${source.sourceId}`}>
            <caption className="table-caption">Checks of {source.sourceId}</caption>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Type</th>
                <th scope="col">Field</th>
                <th scope="col">Level</th>
                <th scope="col">Over</th>
              </tr>
            </thead>
            <tbody>
              {[...source.checks.map((check) => ({ check, over: 'each record' })), ...source.runChecks.map((check) => ({ check, over: 'each run' })), ...source.windowChecks.map((check) => ({ check, over: 'windows' }))].map(({ check, over }) => (
                <tr key={`${over}:${check.id}`}>
                  <td>{check.name}</td>
                  <td>{check.type}</td>
                  <td>{check.field.join('.')}</td>
                  <td>{check.level}</td>
                  <td>{over}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {version.notEvaluated.length > 0 && (
        <>
          <h3>Not evaluated by Atlas</h3>
          <ul className="reasons">
            {version.notEvaluated.map((element, index) => (
              <li key={index}>
                <code>{element.path}</code> ({element.element}): {element.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
