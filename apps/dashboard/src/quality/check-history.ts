/** An expected value with its band, as an anomaly detector reports it for one result (drawn only when the API sends it). */
export interface ExpectedBand {
  lower: number;
  upper: number;
}

/** One check over one run, as GET /api/v1/quality/results lists it (newest first). */
export interface CheckHistoryResult {
  runId: string;
  contractVersion: string;
  checkId: string;
  checkName: string;
  field: string;
  level: string;
  outcome: string;
  metric: string;
  measuredValue: number | null;
  thresholds: Record<string, Record<string, unknown>>;
  lastEvaluatedAt: string;
  /** Not sent today: an anomaly detector's expected band, under either name. */
  expected?: unknown;
  anomaly?: unknown;
}

export interface ThresholdLine {
  level: 'warn' | 'fail';
  /** The ODCS operator (`mustBeLessThan`, `mustBeBetween` …) the line bounds. */
  operator: string;
  value: number;
}

export interface CheckPoint {
  runId: string;
  at: string;
  value: number | null;
  outcome: string;
  band: ExpectedBand | null;
}

/** A check's measured values over runs, oldest first, with the thresholds of its newest result. */
export interface CheckSeries {
  checkId: string;
  checkName: string;
  field: string;
  metric: string;
  contractVersion: string;
  points: CheckPoint[];
  thresholds: ThresholdLine[];
  /** Whether any point has an expected band. */
  banded: boolean;
}

const SINGLE_OPERATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo'];
const PAIR_OPERATORS = ['mustBeBetween', 'mustNotBeBetween'];

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The expected band of a result when the API sends one (`expected` or `anomaly`: `{lower, upper}` numbers), else null. */
export function expectedBandOf(result: CheckHistoryResult): ExpectedBand | null {
  for (const candidate of [result.expected, result.anomaly]) {
    const band = candidate as { lower?: unknown; upper?: unknown } | null | undefined;
    if (band && typeof band === 'object' && isNumber(band.lower) && isNumber(band.upper)) return { lower: band.lower, upper: band.upper };
  }
  return null;
}

/** The numeric bounds of a result's warn and fail thresholds (`{warn: {metric, mustBeLessThan: 5}, fail: {...}}`), warn first. */
export function thresholdLines(thresholds: CheckHistoryResult['thresholds']): ThresholdLine[] {
  const lines: ThresholdLine[] = [];
  for (const level of ['warn', 'fail'] as const) {
    const threshold = thresholds[level];
    if (!threshold) continue;
    for (const operator of SINGLE_OPERATORS) if (isNumber(threshold[operator])) lines.push({ level, operator, value: threshold[operator] });
    for (const operator of PAIR_OPERATORS) {
      const pair = threshold[operator];
      if (Array.isArray(pair) && pair.length === 2 && pair.every(isNumber)) lines.push({ level, operator, value: pair[0] }, { level, operator, value: pair[1] });
    }
  }
  return lines;
}

/** The results (newest first, any checks) as one series per check, ordered by check id, each oldest first. Linear in the results. */
export function checkSeries(results: readonly CheckHistoryResult[]): CheckSeries[] {
  const byCheck = new Map<string, CheckHistoryResult[]>();
  for (const result of results) {
    const list = byCheck.get(result.checkId);
    if (list) list.push(result);
    else byCheck.set(result.checkId, [result]);
  }
  return [...byCheck.entries()]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([checkId, newestFirst]) => {
      const newest = newestFirst[0];
      const points = [...newestFirst].reverse().map((result) => ({ runId: result.runId, at: result.lastEvaluatedAt, value: result.measuredValue, outcome: result.outcome, band: expectedBandOf(result) }));
      return {
        checkId,
        checkName: newest.checkName,
        field: newest.field,
        metric: newest.metric,
        contractVersion: newest.contractVersion,
        points,
        thresholds: thresholdLines(newest.thresholds),
        banded: points.some((point) => point.band !== null),
      };
    });
}

export interface ChartGeometry {
  /** The value range drawn, bottom to top. */
  low: number;
  high: number;
  points: Array<CheckPoint & { x: number; y: number | null }>;
  thresholds: Array<ThresholdLine & { y: number }>;
  /** One polygon per run of consecutive banded points (SVG `points`). */
  bandPolygons: string[];
}

/**
 * A series in a `width` × `height` box inset by `padding`: runs evenly spaced oldest left (a lone
 * run in the middle), values scaled between the lowest and highest of the values, thresholds and
 * bands (one unit either side when they are all equal). Linear in the points.
 */
export function chartGeometry(series: CheckSeries, width: number, height: number, padding = 6): ChartGeometry {
  const values = [
    ...series.points.flatMap((point) => (point.value === null ? [] : [point.value])),
    ...series.thresholds.map((line) => line.value),
    ...series.points.flatMap((point) => (point.band ? [point.band.lower, point.band.upper] : [])),
  ];
  let low = values.length > 0 ? Math.min(...values) : 0;
  let high = values.length > 0 ? Math.max(...values) : 1;
  if (low === high) [low, high] = [low - 1, high + 1];
  const yOf = (value: number) => padding + ((high - value) / (high - low)) * (height - 2 * padding);
  const count = series.points.length;
  const xOf = (index: number) => (count > 1 ? padding + (index * (width - 2 * padding)) / (count - 1) : width / 2);
  const points = series.points.map((point, index) => ({ ...point, x: xOf(index), y: point.value === null ? null : yOf(point.value) }));
  const bandPolygons: string[] = [];
  let run: typeof points = [];
  const close = () => {
    if (run.length === 0) return;
    // A lone banded run is drawn as a thin box around its x.
    const edges = run.length === 1 ? [{ ...run[0], x: run[0].x - 2 }, { ...run[0], x: run[0].x + 2 }] : run;
    const upper = edges.map((point) => `${point.x},${yOf(point.band!.upper)}`);
    const lower = [...edges].reverse().map((point) => `${point.x},${yOf(point.band!.lower)}`);
    bandPolygons.push([...upper, ...lower].join(' '));
    run = [];
  };
  for (const point of points) {
    if (point.band) run.push(point);
    else close();
  }
  close();
  return { low, high, points, thresholds: series.thresholds.map((line) => ({ ...line, y: yOf(line.value) })), bandPolygons };
}
