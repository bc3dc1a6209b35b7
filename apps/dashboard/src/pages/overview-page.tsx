import { useFindings, useQuarantine, useRuns, useScores } from '../api/queries';
import { useSession } from '../api/session';
import { RunsTable } from '../components/runs-table';
import { Metric, Panel, Problem } from '../components/widgets';
import { findingsByEntity, formatCount, formatScore, formatTrend, isActive, runTotals, sourcesOfRuns } from '../format';

const RECENT_RUNS = 50;
const QUARANTINE_COUNTED = 500;

export function OverviewPage() {
  const { can } = useSession();
  const runs = useRuns(undefined, RECENT_RUNS);
  const items = runs.data?.items ?? [];
  const totals = runTotals(items);
  const sourceIds = sourcesOfRuns(items);
  const scores = useScores(sourceIds);
  const quarantine = useQuarantine(null, QUARANTINE_COUNTED);
  const findings = useFindings();
  const findingRows = findings.data?.items ?? [];
  const quarantined = quarantine.data ? `${formatCount(quarantine.data.items.length)}${quarantine.data.nextCursor ? '+' : ''}` : '…';

  return (
    <>
      <h1>Overview</h1>
      <Problem error={runs.error} />
      <dl className="metrics" aria-label="Pipeline figures">
        <Metric id="active-runs" label="Runs in progress" value={runs.data ? formatCount(totals.active) : '…'} />
        <Metric id="records-read" label="Records read" value={runs.data ? formatCount(totals.read) : '…'} hint={`last ${RECENT_RUNS} runs`} />
        <Metric id="records-published" label="Records published" value={runs.data ? formatCount(totals.published) : '…'} hint={`last ${RECENT_RUNS} runs`} />
        <Metric id="dead-letters" label="Dead letters" value={runs.data ? formatCount(totals.deadLettered) : '…'} hint={`last ${RECENT_RUNS} runs`} />
        {can('quarantine:read') && <Metric id="quarantined" label="Quarantined records" value={quarantined} />}
        {can('findings:read') && <Metric id="pii-findings" label="PII findings" value={findings.data ? formatCount(findingRows.reduce((sum, row) => sum + row.findings, 0)) : '…'} />}
      </dl>

      <Panel title="Runs in progress">
        <RunsTable runs={items.filter(isActive)} />
      </Panel>

      <div className="columns">
        {can('quality:read') && (
          <Panel title="Quality scores">
            {sourceIds.length === 0 ? (
              <p className="muted">No datasets yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col" className="number">Score</th>
                    <th scope="col" className="number">Trend</th>
                  </tr>
                </thead>
                <tbody>
                  {sourceIds.map((sourceId, index) => (
                    <tr key={sourceId}>
                      <td>{sourceId}</td>
                      <td className="number" data-testid={`score-${sourceId}`}>
                        {scores[index]?.data ? formatScore(scores[index].data.dataset.score) : '…'}
                      </td>
                      <td className="number">{scores[index]?.data ? formatTrend(scores[index].data.trend) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        )}
        {can('findings:read') && (
          <Panel title="Personal data found">
            {findingRows.length === 0 ? (
              <p className="muted">No findings yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Entity type</th>
                    <th scope="col" className="number">Findings</th>
                  </tr>
                </thead>
                <tbody>
                  {findingsByEntity(findingRows).map((row) => (
                    <tr key={row.entityType}>
                      <td>{row.entityType}</td>
                      <td className="number">{formatCount(row.findings)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        )}
      </div>

      <Panel title="Recent runs">
        <RunsTable runs={items.slice(0, 10)} />
      </Panel>
    </>
  );
}
