import { Injectable, NotFoundException } from '@nestjs/common';
import { outcomeOf, type EvaluatedOutcome } from './check-outcome';
import { scoreOf, type QualityScore } from './quality-score';
import { windowOutcome, type WindowOutcomeKind } from '../windows/aggregate-check';
import type { StoredAnomaly } from '../anomalies/anomaly-judgement';
import type { AnomalyEvaluation } from '../anomalies/seasonal-anomaly';
import type { StoredDrift } from '../windows/drift-judgement';
import { segmentView } from '../windows/window-store';
import { AnomalyPointsQuery, CheckResultsQuery, RunWindowsQuery, CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, textKey } from '@atlas/platform';
import { ResultsRepository, type AnomalyPointKey, type AnomalyPointRow, type CheckResultKey, type CheckResultRow, type RunResultRow, type RunWindowKey, type WindowResultRow } from './results.repository';

const CHECK_RESULT_KEY = textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid, CURSOR_SHAPES.text, CURSOR_SHAPES.text, CURSOR_SHAPES.text);
const ANOMALY_TEXT_KEY = textKey(CURSOR_SHAPES.uuid, CURSOR_SHAPES.text, CURSOR_SHAPES.text, CURSOR_SHAPES.text);

const WINDOW_TEXT_KEY = textKey(CURSOR_SHAPES.text, CURSOR_SHAPES.text, CURSOR_SHAPES.text);

/** A run window's key: the text of its contract, version and check, its start in whole milliseconds, then its segment. */
function isRunWindowKey(key: Array<string | number>): boolean {
  return key.length === 5 && typeof key[3] === 'number' && WINDOW_TEXT_KEY(key.slice(0, 3)) && typeof key[4] === 'string' && CURSOR_SHAPES.textOrEmpty.test(key[4]);
}

/** An anomaly point's key: whole milliseconds around the text of its run, contract, version and check, then its segment. */
function isAnomalyPointKey(key: Array<string | number>): boolean {
  return key.length === 7 && typeof key[0] === 'number' && typeof key[5] === 'number' && ANOMALY_TEXT_KEY(key.slice(1, 5)) && typeof key[6] === 'string' && CURSOR_SHAPES.textOrEmpty.test(key[6]);
}

/** One check's result over one run, in the vocabulary of Soda v4 diagnostics and GX results. */
export interface CheckResultView {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  checkName: string;
  checkType: string;
  field: string;
  level: string;
  dimension: string;
  outcome: EvaluatedOutcome['outcome'];
  metric: EvaluatedOutcome['metric'];
  /** The metric over the run (see check-outcome.ts); an aggregate's over all its closed windows, null before one closed. */
  measuredValue: number | null;
  thresholds: Record<string, object>;
  rowsTested: number;
  rowsFailed: number;
  failedRowsPercent: number | null;
  rowsNotEvaluated: number;
  sampleFailingRecordIds: string[];
  /** Aggregate checks only: closed windows by outcome (GET /runs/{runId}/windows lists them). */
  windowsEvaluated?: number;
  windowsWarned?: number;
  windowsFailed?: number;
  /** Anomaly detection checks: the evaluation of the run's latest closed window (see AnomalyPointView). */
  anomaly?: StoredAnomaly;
  /** Distribution drift checks: the run's latest closed window's drift (measured value, test statistic) and the reference it was measured against. */
  drift?: StoredDrift;
  /** Group-by checks: their segments' closed windows by outcome (each is listed by GET /runs/{runId}/windows), and the records no segment got. */
  segments?: { field: string; windowsEvaluated: number; windowsWarned: number; windowsFailed: number; overflowRows: number };
  firstEvaluatedAt: string;
  lastEvaluatedAt: string;
}

export interface RunResultsView {
  runId: string;
  /** One entry per contract version that judged records of the run (an activation mid-run makes two). */
  judgedBy: RunResultRow[];
  checks: CheckResultView[];
}

function segmentsOf(row: CheckResultRow): Pick<CheckResultView, 'segments'> {
  const groupBy = row.threshold && 'groupBy' in row.threshold ? row.threshold.groupBy : undefined;
  if (groupBy === undefined) return {};
  return {
    segments: {
      field: groupBy,
      windowsEvaluated: row.segmentWindowsEvaluated ?? 0,
      windowsWarned: row.segmentWindowsWarned ?? 0,
      windowsFailed: row.segmentWindowsFailed ?? 0,
      overflowRows: row.segmentOverflowRows ?? 0,
    },
  };
}

export function checkResultView(row: CheckResultRow): CheckResultView {
  const { outcome, metric, measuredValue, failedRowsPercent, thresholds } = outcomeOf(row);
  return {
    runId: row.runId,
    sourceId: row.sourceId,
    contractId: row.contractId,
    contractVersion: row.contractVersion,
    checkId: row.checkId,
    checkName: row.checkName,
    checkType: row.checkType,
    field: row.field,
    level: row.level,
    dimension: row.dimension,
    outcome,
    metric,
    measuredValue,
    thresholds,
    rowsTested: row.rowsTested,
    rowsFailed: row.rowsFailed,
    failedRowsPercent,
    rowsNotEvaluated: row.rowsNotEvaluated,
    sampleFailingRecordIds: row.sampleFailingRecordIds,
    ...(row.checkType === 'aggregate' ? { windowsEvaluated: row.windowsEvaluated, windowsWarned: row.windowsWarned, windowsFailed: row.windowsFailed } : {}),
    ...(row.lastAnomaly ? { anomaly: row.lastAnomaly } : {}),
    ...(row.lastDrift ? { drift: row.lastDrift } : {}),
    ...segmentsOf(row),
    firstEvaluatedAt: row.firstEvaluatedAt,
    lastEvaluatedAt: row.lastEvaluatedAt,
  };
}

export interface RunScoreView extends QualityScore {
  runId: string;
  sourceId: string;
  judgedAt: string;
}

export interface DatasetScoreView {
  sourceId: string;
  /** The score over every check result of the runs listed (their units summed). */
  dataset: QualityScore;
  /** The latest run's score minus the mean of the earlier runs' scores; null with fewer than two scored runs. */
  trend: number | null;
  /** Newest first. */
  runs: RunScoreView[];
}

/** One window of an aggregate check: its counts, and its outcome (provisional while open). */
export interface WindowResultView {
  checkId: string;
  contractId: string;
  contractVersion: string;
  metric: string;
  /** percentile windows: the quantile (0 to 1). */
  quantile?: number;
  window: { kind: string; start: number; end: number };
  closed: boolean;
  closedAt: string | null;
  outcome: WindowOutcomeKind;
  measuredValue: number | null;
  thresholds: object;
  rows: number;
  rowsNotEvaluated: number;
  missing: number;
  invalid: number;
  sampleFailingRecordIds: string[];
  /** Anomaly detection checks, once closed: the evaluation against the series' history. */
  anomaly?: StoredAnomaly;
  /** Group-by checks: the segment of this window (absent for the overall one, which gives `segmentOverflowRows`). */
  segment?: { field: string; value: unknown };
  segmentOverflowRows?: number;
  /** Filtered checks: the condition; rows counts only the records matching it. */
  filter?: string;
  /** Distribution drift checks, once closed: the measured value, the test statistic and the reference windows. */
  drift?: StoredDrift;
}

/**
 * One closed window of an anomaly detection check: a point of the metric's series with its band
 * (what a chart draws: `value` against `lower`–`upper` around `expected`, at `at`).
 */
export interface AnomalyPointView extends AnomalyEvaluation {
  checkId: string;
  runId: string;
  contractId: string;
  contractVersion: string;
  metric: string;
  quantile?: number;
  window: { kind: string; start: number; end: number };
  /** The window's latest ingestion time (ISO 8601); its UTC weekday is its season. */
  at: string;
  /** The rule's level when anomalous, pass when not, not_evaluated while the history is short. */
  outcome: WindowOutcomeKind;
  /** A group-by check's point of one value's series: the column and the value. */
  segment?: { field: string; value: unknown };
}

export function anomalyPointView(row: AnomalyPointRow): AnomalyPointView {
  const { anomaly } = row;
  return {
    checkId: row.checkId,
    runId: row.runId,
    contractId: row.contractId,
    contractVersion: row.contractVersion,
    metric: row.metric,
    ...(row.quantile !== null && row.quantile !== undefined ? { quantile: row.quantile } : {}),
    window: { kind: row.windowKind, start: row.windowStart, end: row.windowEnd },
    at: anomaly.at,
    value: anomaly.value,
    outcome: row.outcome,
    evaluated: anomaly.evaluated,
    anomalous: anomaly.anomalous,
    expected: anomaly.expected,
    lower: anomaly.lower,
    upper: anomaly.upper,
    score: anomaly.score,
    historyPoints: anomaly.historyPoints,
    seasonalPoints: anomaly.seasonalPoints,
    ...(anomaly.reason !== undefined ? { reason: anomaly.reason } : {}),
    ...(row.segment !== '' ? { segment: segmentView(row.segment, row.scope) } : {}),
  };
}

export function windowResultView(row: WindowResultRow): WindowResultView {
  // An open window's outcome is what it would be if it closed now.
  const current = row.outcome === null ? windowOutcome(row, row) : { outcome: row.outcome, measuredValue: row.measuredValue };
  return {
    checkId: row.checkId,
    contractId: row.contractId,
    contractVersion: row.contractVersion,
    metric: row.metric,
    ...(row.quantile !== null && row.quantile !== undefined ? { quantile: row.quantile } : {}),
    window: { kind: row.windowKind, start: row.windowStart, end: row.windowEnd },
    closed: row.closedAt !== null,
    closedAt: row.closedAt,
    outcome: current.outcome,
    measuredValue: current.measuredValue,
    thresholds: row.thresholds,
    rows: row.rows,
    rowsNotEvaluated: row.notEvaluated,
    missing: row.missing,
    invalid: row.invalid,
    sampleFailingRecordIds: row.sampleFailingRecordIds,
    ...(row.anomaly ? { anomaly: row.anomaly } : {}),
    ...(row.segment !== '' ? { segment: segmentView(row.segment, row.scope) } : row.scope?.groupBy !== undefined ? { segmentOverflowRows: row.segmentOverflowRows } : {}),
    ...(row.scope?.filter !== undefined ? { filter: row.scope.filter } : {}),
    ...(row.drift ? { drift: row.drift } : {}),
  };
}

@Injectable()
export class ResultsService {
  constructor(private readonly results: ResultsRepository) {}

  async ofRun(runId: string): Promise<RunResultsView> {
    const [judgedBy, checks] = await Promise.all([this.results.runsOf(runId), this.results.checksOfRun(runId)]);
    if (judgedBy.length === 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'run_not_judged', message: 'quality has judged no record of this run' });
    return { runId, judgedBy, checks: checks.map(checkResultView) };
  }

  /** The windows of a run's aggregate checks, a page at a time (`run-windows:checkId:<runId>` cursors). */
  async windowsOfRun(runId: string, query: RunWindowsQuery): Promise<CursorPage<WindowResultView>> {
    const scope = `run-windows:${query.sort}:${runId}`;
    const after = cursorKey(query.cursor, scope, isRunWindowKey) as RunWindowKey | undefined;
    const [judgedBy, windows] = await Promise.all([this.results.runsOf(runId), this.results.windowsOfRun(runId, after, query.limit + 1)]);
    if (judgedBy.length === 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'run_not_judged', message: 'quality has judged no record of this run' });
    return cursorPageOf(windows, query.limit, scope, (row) => [row.contractId, row.contractVersion, row.checkId, row.windowStart, row.segment], windowResultView);
  }

  async scoreOfRun(runId: string): Promise<RunScoreView> {
    const [judgedBy, checks] = await Promise.all([this.results.runsOf(runId), this.results.checksOfRun(runId)]);
    if (judgedBy.length === 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'run_not_judged', message: 'quality has judged no record of this run' });
    return { runId, sourceId: judgedBy[0].sourceId, judgedAt: judgedBy[judgedBy.length - 1].lastJudgedAt, ...scoreOf(checks.map(checkResultView)) };
  }

  async scoresOfSource(sourceId: string, runs: number): Promise<DatasetScoreView> {
    const rows = await this.results.checksOfRecentRuns(sourceId, runs);
    const byRun = new Map<string, { judgedAt: string; checks: CheckResultView[] }>();
    for (const row of rows) {
      const run = byRun.get(row.runId) ?? { judgedAt: row.runJudgedAt, checks: [] };
      run.checks.push(checkResultView(row));
      byRun.set(row.runId, run);
    }
    const runViews = [...byRun].map(([runId, run]) => ({ runId, sourceId, judgedAt: run.judgedAt, ...scoreOf(run.checks) }));
    const scored = runViews.flatMap((run) => (run.score === null ? [] : [run.score]));
    const trend = scored.length < 2 ? null : Math.round((scored[0] - scored.slice(1).reduce((sum, score) => sum + score, 0) / (scored.length - 1)) * 100) / 100;
    return { sourceId, dataset: scoreOf(rows.map(checkResultView)), trend, runs: runViews };
  }

  /** A source's check results, the latest evaluated first, a page at a time (`check-results:-lastEvaluatedAt:<source>:<check>` cursors). */
  async history(query: CheckResultsQuery): Promise<CursorPage<CheckResultView>> {
    const scope = `check-results:${query.sort}:${query.sourceId}:${query.checkId ?? ''}`;
    const after = cursorKey(query.cursor, scope, CHECK_RESULT_KEY) as CheckResultKey | undefined;
    const rows = await this.results.history(query.sourceId, query.checkId, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.lastEvaluatedAt, row.runId, row.contractId, row.contractVersion, row.checkId], checkResultView);
  }

  /** The points of a source's anomaly detection checks, the latest first, a page at a time (`anomaly-points:-at:<source>:<check>:<anomalous>` cursors). */
  async anomalies(query: AnomalyPointsQuery): Promise<CursorPage<AnomalyPointView>> {
    const scope = `anomaly-points:${query.sort}:${query.sourceId}:${query.checkId ?? ''}:${query.anomalous}`;
    const after = cursorKey(query.cursor, scope, isAnomalyPointKey) as AnomalyPointKey | undefined;
    const rows = await this.results.anomalies(query.sourceId, query.checkId, query.anomalous, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.maxIngestedMs, row.runId, row.contractId, row.contractVersion, row.checkId, row.windowStart, row.segment], anomalyPointView);
  }
}
