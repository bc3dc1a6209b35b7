import type { DatasetScores } from '../api/types';
import { formatScore } from '../format';
import { scoreHistoryChart } from './score-history';

const WIDTH = 160;
const HEIGHT = 40;

/** A dataset's score over its recent runs as a small SVG line, with the expected band and anomalies marked. */
export function ScoreHistoryChart({ sourceId, scores }: { sourceId: string; scores: DatasetScores }) {
  const chart = scoreHistoryChart(scores.runs, WIDTH, HEIGHT);
  if (chart.points.length === 0) return <span className="muted">—</span>;
  const first = chart.points[0];
  const last = chart.points[chart.points.length - 1];
  const anomalies = chart.points.filter((point) => point.anomalous).length;
  const label =
    `Score history of ${sourceId}: ${chart.points.length} run${chart.points.length === 1 ? '' : 's'}, from ${formatScore(first.score)} to ${formatScore(last.score)}` +
    (chart.band ? `; expected ${formatScore(chart.band.low)}–${formatScore(chart.band.high)}, ${anomalies} outside` : '');
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} data-testid={`score-history-${sourceId}`}>
      <title>{label}</title>
      <rect className="frame" x={0} y={0} width={WIDTH} height={HEIGHT} />
      {chart.band && <rect className="band" x={0} y={chart.band.top} width={WIDTH} height={Math.max(1, chart.band.bottom - chart.band.top)} />}
      <polyline className="line" points={chart.points.map((point) => `${point.x},${point.y}`).join(' ')} />
      {chart.points.map((point) => (
        <circle key={point.runId} data-run-id={point.runId} className={point.anomalous ? 'dot anomaly' : 'dot'} cx={point.x} cy={point.y} r={point.anomalous ? 3.5 : 2.5} />
      ))}
    </svg>
  );
}
