import { Link } from 'react-router-dom';
import { useRunActions } from '../api/queries';
import { useSession } from '../api/session';
import type { SourceRun } from '../api/types';
import { formatCount, isActive, runDuration, runProgress } from '../format';
import { Problem, StateBadge } from './widgets';

/** Runs with their state, a progress bar, counts and (with sources:write) a cancel button for active ones. */
export function RunsTable({ runs, showSource = true }: { runs: readonly SourceRun[]; showSource?: boolean }) {
  const { can } = useSession();
  const { cancel } = useRunActions();
  const now = Date.now();
  if (runs.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <>
      <Problem error={cancel.error} />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {showSource && <th scope="col">Source</th>}
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col" className="number">Read</th>
              <th scope="col" className="number">Published</th>
              <th scope="col" className="number">Dead-lettered</th>
              <th scope="col">Duration</th>
              {can('sources:write') && <th scope="col"><span className="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const progress = runProgress(run);
              return (
                <tr key={run.runId} data-run-id={run.runId}>
                  {showSource && (
                    <td>
                      <Link to={`/sources/${encodeURIComponent(run.sourceId)}`}>{run.sourceId}</Link>
                    </td>
                  )}
                  <td>
                    <StateBadge state={run.state} />
                  </td>
                  <td>
                    <progress max={1} value={progress.value} aria-label={`Run of ${run.sourceId}: ${progress.label}`} />
                    <span className="progress-label">{progress.label}</span>
                  </td>
                  <td className="number">{formatCount(run.recordsRead)}</td>
                  <td className="number">{formatCount(run.recordsPublished)}</td>
                  <td className="number">{formatCount(run.recordsDeadLettered)}</td>
                  <td>{runDuration(run, now)}</td>
                  {can('sources:write') && (
                    <td>
                      {isActive(run) && (
                        <button type="button" className="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(run.runId)}>
                          Cancel
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
