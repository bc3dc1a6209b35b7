import { chartGeometry, type CheckSeries } from './check-history';

const WIDTH = 320;
const HEIGHT = 110;

const formatValue = (value: number | null) => (value === null ? 'not measured' : String(Math.round(value * 1000) / 1000));

function describe(series: CheckSeries): string {
  const measured = series.points.filter((point) => point.value !== null);
  const last = measured[measured.length - 1];
  const thresholds = series.thresholds.map((line) => `${line.level} ${line.operator} ${line.value}`).join(', ');
  return (
    `${series.checkName}: ${series.metric} over ${series.points.length} run${series.points.length === 1 ? '' : 's'}` +
    (last ? `, latest ${formatValue(last.value)}` : '') +
    (thresholds ? `; thresholds ${thresholds}` : '') +
    (series.banded ? '; expected band drawn' : '')
  );
}

/**
 * One check's measured value over runs as a small SVG line, its warn and fail thresholds as
 * horizontal lines and, when the API sends one, the expected band; the same figures in a table
 * below (the accessible alternative).
 */
export function CheckHistoryChart({ series }: { series: CheckSeries }) {
  const geometry = chartGeometry(series, WIDTH, HEIGHT);
  const label = describe(series);
  const segments: string[][] = [[]];
  for (const point of geometry.points) {
    if (point.y === null) segments.push([]);
    else segments[segments.length - 1].push(`${point.x},${point.y}`);
  }
  return (
    <figure className="check-chart" data-check-id={series.checkId}>
      <figcaption>
        <strong>{series.checkName}</strong> <span className="muted">({series.field || 'dataset'}, {series.metric})</span>
      </figcaption>
      <svg className="history-chart" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <title>{label}</title>
        <rect className="frame" x={0} y={0} width={WIDTH} height={HEIGHT} />
        {geometry.bandPolygons.map((polygon, index) => (
          <polygon key={index} className="band" points={polygon} />
        ))}
        {geometry.thresholds.map((line, index) => (
          <line key={index} className={`threshold threshold-${line.level}`} x1={0} x2={WIDTH} y1={line.y} y2={line.y} data-level={line.level} data-value={line.value} />
        ))}
        {segments
          .filter((segment) => segment.length > 1)
          .map((segment, index) => (
            <polyline key={index} className="line" points={segment.join(' ')} />
          ))}
        {geometry.points.map((point) =>
          point.y === null ? null : <circle key={point.runId} className={`dot outcome-${point.outcome}`} cx={point.x} cy={point.y} r={3} data-run-id={point.runId} data-value={point.value ?? ''} />,
        )}
        <text className="axis" x={WIDTH - 4} y={12} textAnchor="end">
          {formatValue(geometry.high)}
        </text>
        <text className="axis" x={WIDTH - 4} y={HEIGHT - 4} textAnchor="end">
          {formatValue(geometry.low)}
        </text>
      </svg>
      <details>
        <summary>Values</summary>
        <div className="table-scroll">
          <table aria-label={`History of ${series.checkName}`}>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Judged</th>
                <th scope="col" className="number">{series.metric}</th>
                <th scope="col">Outcome</th>
                {series.banded && <th scope="col">Expected</th>}
              </tr>
            </thead>
            <tbody>
              {series.points.map((point) => (
                <tr key={point.runId} data-run-id={point.runId}>
                  <td>
                    <code>{point.runId.slice(0, 8)}</code>
                  </td>
                  <td>{new Date(point.at).toLocaleString()}</td>
                  <td className="number">{formatValue(point.value)}</td>
                  <td>{point.outcome}</td>
                  {series.banded && <td>{point.band ? `${formatValue(point.band.lower)}–${formatValue(point.band.upper)}` : '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
