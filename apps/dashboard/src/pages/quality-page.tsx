import { useSearchParams } from 'react-router-dom';
import { useQuarantine, useRuns, useScores } from '../api/queries';
import { useSession } from '../api/session';
import type { QuarantineReason } from '../api/types';
import { Panel, Problem } from '../components/widgets';
import { formatScore, formatTrend, sourcesOfRuns } from '../format';
import { ScoreHistoryChart } from '../quality/score-history-chart';

const QUARANTINE_PAGE = 100;

/** One line per failed check: which check, on which field, and what it said (never the value). */
export function reasonText(reason: QuarantineReason): string {
  const check = reason.checkName ?? reason.checkId ?? reason.rule ?? reason.reason ?? 'check';
  const field = reason.field ? ` on ${reason.field}` : '';
  return reason.message ? `${check}${field}: ${reason.message}` : `${check}${field}`;
}

export function QualityPage() {
  const { can } = useSession();
  const [parameters, setParameters] = useSearchParams();
  const selected = parameters.get('source');
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
          {quarantine.data && quarantine.data.records.length === 0 && <p className="muted">Nothing quarantined.</p>}
          {quarantine.data && quarantine.data.records.length > 0 && (
            <div className="table-scroll">
              <table aria-label="Quarantined records">
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col" className="number">Position</th>
                    <th scope="col">Contract</th>
                    <th scope="col">Reasons</th>
                    <th scope="col">Quarantined</th>
                  </tr>
                </thead>
                <tbody>
                  {quarantine.data.records.map((record) => (
                    <tr key={record.recordId}>
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
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {quarantine.data?.nextCursor && <p className="muted">Showing the first {QUARANTINE_PAGE}.</p>}
        </Panel>
      )}
    </>
  );
}
