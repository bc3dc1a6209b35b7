import { Link, useSearchParams } from 'react-router-dom';
import { useRuns } from '../api/queries';
import { Panel, Problem } from '../components/widgets';
import { sourcesOfRuns } from '../format';
import { checkSeries } from '../quality/check-history';
import { CheckHistoryChart } from '../quality/check-history-chart';
import { useCheckHistory } from '../quality/contract-queries';

/** Most results one page asks for: every check of a dataset over its recent runs. */
const RESULTS = 1000;

/** A dataset's checks (`?source=`), each one's measured value over its recent runs with its thresholds. */
export function CheckHistoryPage() {
  const [parameters, setParameters] = useSearchParams();
  const sourceId = parameters.get('source');
  const runs = useRuns(undefined, 100);
  const sourceIds = sourcesOfRuns(runs.data?.items ?? []);
  const history = useCheckHistory(sourceId, RESULTS);
  const series = history.data ? checkSeries(history.data.items) : [];
  return (
    <>
      <p className="crumbs">
        <Link to="/quality">Quality</Link> /
      </p>
      <h1>Check history</h1>
      <div className="toolbar">
        <label className="inline">
          Dataset
          <select value={sourceId ?? ''} onChange={(event) => setParameters(event.target.value ? { source: event.target.value } : {}, { replace: true })}>
            <option value="">choose…</option>
            {[...new Set([...sourceIds, ...(sourceId ? [sourceId] : [])])].map((source) => (
              <option key={source}>{source}</option>
            ))}
          </select>
        </label>
      </div>
      <Problem error={runs.error ?? history.error} />
      {sourceId && history.data && (
        <Panel title={`Checks of ${sourceId}`}>
          {series.length === 0 ? (
            <p className="muted">No check has been judged for this dataset yet.</p>
          ) : (
            <>
              <p className="muted">
                Each check's measured value per run, oldest left; dashed lines are the thresholds of its newest contract version (orange: warn, red: fail).
                {series.some((one) => one.banded) ? ' The shaded band is the expected range.' : ''}
              </p>
              <div className="check-charts">
                {series.map((one) => (
                  <CheckHistoryChart key={one.checkId} series={one} />
                ))}
              </div>
            </>
          )}
        </Panel>
      )}
    </>
  );
}
