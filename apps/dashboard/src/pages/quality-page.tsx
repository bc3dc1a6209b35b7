import { Link, useSearchParams } from 'react-router-dom';
import { useQuarantine, useRuns, useScores } from '../api/queries';
import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';
import { formatScore, formatTrend, sourcesOfRuns } from '../format';
import { QuarantineRecordPanel } from '../quality/quarantine-record-panel';
import { reasonText } from '../quality/quarantine-reasons';
import { ScoreHistoryChart } from '../quality/score-history-chart';

const QUARANTINE_PAGE = 100;

export function QualityPage() {
  const { can } = useSession();
  const [parameters, setParameters] = useSearchParams();
  const selected = parameters.get('source');
  const inspected = parameters.get('record');
  const inspect = (recordId: string | null) => {
    const next = new URLSearchParams(parameters);
    if (recordId) next.set('record', recordId);
    else next.delete('record');
    setParameters(next, { replace: true });
  };
  const runs = useRuns(undefined, 100);
  const sourceIds = sourcesOfRuns(runs.data?.items ?? []);
  const scores = useScores(sourceIds);
  const quarantine = useQuarantine(selected, QUARANTINE_PAGE);
  const dimensions = [...new Set(scores.flatMap((score) => Object.keys(score.data?.dataset.dimensions ?? {})))].sort();

  return (
    <>
      <h1>Quality</h1>
      {can('quality:read') && (
        <Panel title="Scores per dataset">
          <Problem error={runs.error} />
          {sourceIds.length === 0 ? (
            <p className="muted">No dataset has been judged yet.</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col" className="number">Score</th>
                    <th scope="col" className="number">Trend</th>
                    {dimensions.map((dimension) => (
                      <th scope="col" className="number" key={dimension}>
                        {dimension}
                      </th>
                    ))}
                    <th scope="col" className="number">Runs scored</th>
                    <th scope="col">History</th>
                    <th scope="col">
                      <span className="visually-hidden">Check history</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sourceIds.map((sourceId, index) => {
                    const data = scores[index]?.data;
                    return (
                      <tr key={sourceId}>
                        <td>{sourceId}</td>
                        <td className="number">{data ? formatScore(data.dataset.score) : '…'}</td>
                        <td className="number">{data ? formatTrend(data.trend) : ''}</td>
                        {dimensions.map((dimension) => (
                          <td className="number" key={dimension}>
                            {data ? formatScore(data.dataset.dimensions[dimension]?.score) : ''}
                          </td>
                        ))}
                        <td className="number">{data ? data.runs.length : ''}</td>
                        <td>{data && <ScoreHistoryChart sourceId={sourceId} scores={data} />}</td>
                        <td>
                          {/* The visible words start the accessible name (axe: label-content-name-mismatch). */}
                          <Link to={`/quality/checks?source=${encodeURIComponent(sourceId)}`} aria-label={`Check history of ${sourceId}`}>
                            Check history
                          </Link>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      )}
      {can('quarantine:read') && (
        <Panel
          title="Quarantine"
          actions={
            <label className="inline">
              Dataset{' '}
              <select value={selected ?? ''} onChange={(event) => setParameters(event.target.value ? { source: event.target.value } : {})}>
                <option value="">all</option>
                {sourceIds.map((sourceId) => (
                  <option key={sourceId} value={sourceId}>
                    {sourceId}
                  </option>
                ))}
              </select>
            </label>
          }
        >
          <Problem error={quarantine.error} />
          {quarantine.data && quarantine.data.items.length === 0 && <p className="muted">Nothing quarantined.</p>}
          {quarantine.data && quarantine.data.items.length > 0 && (
            <div className="table-scroll">
              <table aria-label="Quarantined records">
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col" className="number">Position</th>
                    <th scope="col">Contract</th>
                    <th scope="col">Reasons</th>
                    <th scope="col">Quarantined</th>
                    <th scope="col">
                      <span className="visually-hidden">Inspect</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {quarantine.data.items.map((record) => (
                    <tr key={record.recordId} data-record-id={record.recordId} aria-selected={record.recordId === inspected}>
                      <td>{record.sourceId}</td>
                      <td className="number">{record.positionIndex}</td>
                      <td>
                        {record.contractId} {record.contractVersion}
                      </td>
                      <td>
                        <ul className="reasons">
                          {record.reasons.map((reason, index) => (
                            <li key={index}>{reasonText(reason)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{new Date(record.quarantinedAt).toLocaleString()}</td>
                      <td>
                        <button type="button" className="secondary" onClick={() => inspect(record.recordId)} aria-label={`Inspect the record at position ${record.positionIndex} of ${record.sourceId}`}>
                          Inspect
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {quarantine.data?.nextCursor && <p className="muted">Showing the first {QUARANTINE_PAGE}.</p>}
        </Panel>
      )}
      {can('quarantine:read') && inspected && <QuarantineRecordPanel key={inspected} recordId={inspected} onClose={() => inspect(null)} />}
    </>
  );
}
