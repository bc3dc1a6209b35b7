import { Link } from 'react-router-dom';
import { useRunActions, useRuns, useSources } from '../api/queries';
import { useSession } from '../api/session';
import { RunsTable } from '../components/runs-table';
import { Panel, Problem } from '../components/widgets';
import { sourcePipelineNodeId } from '../lineage/lineage-model';
import { NewSourceForm } from '../sources/new-source-form';

export function SourcesPage() {
  const { can } = useSession();
  const sources = useSources();
  const runs = useRuns(undefined, 20);
  const { start } = useRunActions();
  return (
    <>
      <h1>Sources and runs</h1>
      {can('sources:read') && (
        <Panel title="Sources">
          <Problem error={sources.error ?? start.error} />
          {sources.data && sources.data.items.length === 0 && <p className="muted">No sources yet.</p>}
          {sources.data && sources.data.items.length > 0 && (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Type</th>
                    <th scope="col">Schedule</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sources.data.items.map((source) => (
                    <tr key={source.sourceId}>
                      <td>
                        <Link to={`/sources/${encodeURIComponent(source.sourceId)}`}>{source.sourceId}</Link>
                      </td>
                      <td>{source.type}</td>
                      <td>{source.schedule ?? <span className="muted">manual</span>}</td>
                      <td className="actions">
                        {can('sources:write') && (
                          <button type="button" disabled={start.isPending} onClick={() => start.mutate(source.sourceId)} aria-label={`Start run of ${source.sourceId}`}>
                            Start run
                          </button>
                        )}
                        {can('lineage:read') && <Link to={`/lineage?node=${encodeURIComponent(sourcePipelineNodeId(source.sourceId))}`}>Lineage</Link>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {sources.data?.nextCursor && <p className="muted">Showing the first {sources.data.items.length}.</p>}
        </Panel>
      )}
      {can('sources:write') && (
        <Panel title="New source">
          <NewSourceForm />
        </Panel>
      )}
      {can('runs:read') && (
        <Panel title="Recent runs">
          <Problem error={runs.error} />
          <RunsTable runs={runs.data?.items ?? []} />
        </Panel>
      )}
    </>
  );
}
