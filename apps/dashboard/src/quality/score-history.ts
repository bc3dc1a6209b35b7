/** A run's score as GET /api/v1/quality/scores lists it (newest first); null when nothing was tested. */
export interface RunScore {
  runId: string;
  judgedAt: string;
  score: number | null;
}

export interface ChartPoint {
  runId: string;
  x: number;
  y: number;
  score: number;
  /** Outside the expected band of the other runs. */
  anomalous: boolean;
}

export interface ScoreHistoryChart {
  points: ChartPoint[];
  /** The band's top and bottom in chart coordinates; null with fewer than three scored runs. */
  band: { top: number; bottom: number; low: number; high: number } | null;
}

/** Mean ± 2 standard deviations, clipped to 0–100: where a score is expected; outside it is an anomaly. */
export function expectedBand(scores: readonly number[]): { low: number; high: number } | null {
  if (scores.length < 3) return null;
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  const deviation = Math.sqrt(scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / scores.length);
  return { low: Math.max(0, mean - 2 * deviation), high: Math.min(100, mean + 2 * deviation) };
}

/**
 * The runs' scores as chart points, oldest left, newest right, 0% at the bottom and 100% at the top of
 * a `width` × `height` box inset by `padding`. Unscored runs are left out. Linear in the runs.
 */
export function scoreHistoryChart(runs: readonly RunScore[], width: number, height: number, padding = 4): ScoreHistoryChart {
  const scored = runs.filter((run): run is RunScore & { score: number } => run.score !== null).reverse();
  const band = expectedBand(scored.map((run) => run.score));
  const yOf = (score: number) => padding + ((100 - score) / 100) * (height - 2 * padding);
  const step = scored.length > 1 ? (width - 2 * padding) / (scored.length - 1) : 0;
  const points = scored.map((run, index) => ({
    runId: run.runId,
    x: scored.length > 1 ? padding + index * step : width / 2,
    y: yOf(run.score),
    score: run.score,
    anomalous: band !== null && (run.score < band.low || run.score > band.high),
  }));
  return { points, band: band && { top: yOf(band.high), bottom: yOf(band.low), ...band } };
}
