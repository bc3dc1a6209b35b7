import type { CheckDefinition } from '../checks/check-model';
import { outcomeOf } from '../results/check-outcome';
import { AggregateCheck, emptyWindowState, mergeWindowStates, windowOutcome, type AggregateParameters, type WindowState } from './aggregate-check';
import { closedWindowsPerCheck, type ClosedWindow } from './closed-windows';

const RUN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

function aggregate(parameters: Partial<AggregateParameters>): AggregateCheck {
  const full: AggregateParameters = { metric: 'row_count', window: { kind: 'count', size: 3 }, thresholds: {}, missingValues: [], validity: [], ...parameters };
  const definition: CheckDefinition = { id: 'check', name: 'check', type: 'aggregate', field: ['value'], level: 'fail', parameters: full as unknown as Record<string, unknown>, origin: '/check' };
  return new AggregateCheck(definition, []);
}

/** One closed window of `check` starting at `windowStart`, its values ingested at `ingestedMs`. */
function closedWindow(check: AggregateCheck, windowStart: number, values: unknown[], ingestedMs = 0): ClosedWindow {
  const state = emptyWindowState(check.parameters.metric === 'percentile');
  for (const value of values) check.observe(state, value, false, ingestedMs);
  return { window: { runId: RUN_ID, contractId: 'payments', contractVersion: '1.0.0', checkId: check.definition.id, windowStart }, state, outcome: windowOutcome(check.parameters, state).outcome };
}

/** What quality.check_results holds after each batch closed its windows (window-store.ts adds counts and merges states). */
function storedAfter(batches: ClosedWindow[][]) {
  const stored = { windowsEvaluated: 0, windowsWarned: 0, windowsFailed: 0, closedWindows: emptyWindowState() as WindowState };
  for (const batch of batches) {
    for (const check of closedWindowsPerCheck(batch)) {
      stored.windowsEvaluated += check.evaluated;
      stored.windowsWarned += check.warned;
      stored.windowsFailed += check.failed;
      stored.closedWindows = mergeWindowStates(stored.closedWindows, check.state);
    }
  }
  return stored;
}

/** The run's result of the check, as GET /runs/{runId}/results serves it. */
function runResultAfter(check: AggregateCheck, batches: ClosedWindow[][]) {
  const { metric, window, thresholds, quantile } = check.parameters;
  const stored = storedAfter(batches);
  const { outcome, measuredValue } = outcomeOf({ checkType: 'aggregate', level: 'fail', rowsTested: 0, rowsFailed: 0, threshold: { metric, window, quantile, ...thresholds }, unit: 'rows', ...stored });
  return { outcome, measuredValue, windowsEvaluated: stored.windowsEvaluated, windowsWarned: stored.windowsWarned, windowsFailed: stored.windowsFailed };
}

/** Every order of the windows, closed one per batch, plus all of them in one batch in each order. */
function closingOrders(windows: ClosedWindow[]): ClosedWindow[][][] {
  const permutations = (items: ClosedWindow[]): ClosedWindow[][] =>
    items.length <= 1 ? [items] : items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
  return permutations(windows).flatMap((order) => [order.map((window) => [window]), [order]]);
}

describe('closed windows of an aggregate check over a run', () => {
  it('groups closed windows per check: outcome counts (not evaluated counts nowhere) and the merged state', () => {
    const average = aggregate({ metric: 'avg', thresholds: { warn: { mustBeLessOrEqualTo: 100 } } });
    const rows = aggregate({ metric: 'row_count', thresholds: { fail: { mustBeGreaterThan: 3 } } });
    Object.assign(rows.definition, { id: 'rows' });
    expect(
      closedWindowsPerCheck([closedWindow(average, 0, [10, 20, 30], 5), closedWindow(rows, 0, [1, 2, 3], 7), closedWindow(average, 3, [200, 150, 250], 9), closedWindow(average, 6, [null], 11)]),
    ).toEqual([
      {
        runId: RUN_ID,
        contractId: 'payments',
        contractVersion: '1.0.0',
        checkId: 'check',
        evaluated: 2,
        warned: 1,
        failed: 0,
        segmentOverflowRows: 0,
        // M2 of 10, 20, 30, 200, 150, 250 (mean 110): 100² + 90² + 80² + 90² + 40² + 140².
        state: { rows: 7, notEvaluated: 0, missing: 1, invalid: 0, valueCount: 6, valueSum: 660, valueMin: 10, valueMax: 250, valueM2: 53800, sketch: null, maxIngestedMs: 11 },
      },
      {
        runId: RUN_ID,
        contractId: 'payments',
        contractVersion: '1.0.0',
        checkId: 'rows',
        evaluated: 1,
        warned: 0,
        failed: 1,
        segmentOverflowRows: 0,
        state: { rows: 3, notEvaluated: 0, missing: 0, invalid: 0, valueCount: 0, valueSum: 0, valueMin: null, valueMax: null, valueM2: 0, sketch: null, maxIngestedMs: 7 },
      },
    ]);
  });

  it('gives the run the average of all its values and its worst window, whichever window closes last', () => {
    const average = aggregate({ metric: 'avg', thresholds: { warn: { mustBeLessOrEqualTo: 100 }, fail: { mustBeLessOrEqualTo: 1000 } } });
    const windows = [closedWindow(average, 0, [10, 20, 30]), closedWindow(average, 3, [200, 150, 250])];
    // The window closed last used to give the run its value: 20 or 200 depending on timing.
    const results = closingOrders(windows).map((batches) => runResultAfter(average, batches));
    expect(results).toHaveLength(4);
    for (const result of results) expect(result).toEqual({ outcome: 'warn', measuredValue: 110, windowsEvaluated: 2, windowsWarned: 1, windowsFailed: 0 });
  });

  it('gives min, max, missing percent, row count and freshness over the whole run in every closing order', () => {
    const day = 24 * 3600 * 1000;
    const cases: Array<{ parameters: Partial<AggregateParameters>; values: unknown[][]; ingestedMs?: number[]; expected: object }> = [
      { parameters: { metric: 'min', thresholds: { fail: { mustBeGreaterThan: 0 } } }, values: [[5, 9], [-2, 4], [7]], expected: { outcome: 'fail', measuredValue: -2, windowsEvaluated: 3, windowsFailed: 1 } },
      { parameters: { metric: 'max', thresholds: { warn: { mustBeLessThan: 8 } } }, values: [[5, 9], [-2, 4], [7]], expected: { outcome: 'warn', measuredValue: 9, windowsEvaluated: 3, windowsWarned: 1 } },
      { parameters: { metric: 'missing_percent', thresholds: { warn: { mustBeLessThan: 60 } } }, values: [[null, 'a'], [null, null], ['b', 'c', 'd', null]], expected: { outcome: 'warn', measuredValue: 50, windowsEvaluated: 3, windowsWarned: 1 } },
      { parameters: { metric: 'row_count', thresholds: { fail: { mustBeGreaterOrEqualTo: 2 } } }, values: [[1, 2], [3], [4, 5, 6]], expected: { outcome: 'fail', measuredValue: 6, windowsEvaluated: 3, windowsFailed: 1 } },
      {
        parameters: { metric: 'freshness', thresholds: { fail: { mustBeLessThan: day } } },
        values: [['2026-11-28T00:00:00.000Z'], ['2026-11-29T12:00:00.000Z'], ['2026-11-27T00:00:00.000Z']],
        ingestedMs: [Date.parse('2026-11-29T00:00:00.000Z'), Date.parse('2026-11-30T00:00:00.000Z'), Date.parse('2026-11-29T06:00:00.000Z')],
        // The run's latest ingestion (11-30 00:00) minus its latest timestamp (11-29 12:00).
        expected: { outcome: 'fail', measuredValue: day / 2, windowsEvaluated: 3, windowsFailed: 2 },
      },
    ];
    for (const { parameters, values, ingestedMs, expected } of cases) {
      const check = aggregate(parameters);
      const windows = values.map((windowValues, index) => closedWindow(check, index * 3, windowValues, ingestedMs?.[index] ?? 0));
      const results = closingOrders(windows).map((batches) => runResultAfter(check, batches));
      expect(results).toHaveLength(12);
      for (const result of results) expect({ metric: parameters.metric, ...result }).toEqual({ metric: parameters.metric, windowsWarned: 0, windowsFailed: 0, ...expected });
    }
  });

  it('gives the stddev and a percentile of all the run values, the same in every closing order', () => {
    const values = [[2, 4, 4], [4, 5, 5], [7, 9]];
    const stddev = aggregate({ metric: 'stddev', thresholds: { fail: { mustBeLessThan: 1.2 } } });
    const stddevResults = closingOrders(values.map((windowValues, index) => closedWindow(stddev, index * 3, windowValues))).map((batches) => runResultAfter(stddev, batches));
    expect(stddevResults).toHaveLength(12);
    // 2, 4, 4, 4, 5, 5, 7, 9: squared deviations from 5 sum to 32, the run's sample stddev is √(32/7); the windows' are 1.15, 0.58 and 1.41 (fails).
    for (const result of stddevResults) expect(result).toEqual({ outcome: 'fail', measuredValue: expect.closeTo(Math.sqrt(32 / 7), 12), windowsEvaluated: 3, windowsWarned: 0, windowsFailed: 1 });
    const median = aggregate({ metric: 'percentile', quantile: 0.5, thresholds: { warn: { mustBeLessThan: 6 } } });
    const medianResults = closingOrders(values.map((windowValues, index) => closedWindow(median, index * 3, windowValues))).map((batches) => runResultAfter(median, batches));
    const [first] = medianResults;
    // The median of the eight values is 4 (PERCENTILE_DISC), within DDSketch's 1%; window medians 4, 5 and 7 (warns).
    expect(Math.abs(first.measuredValue! - 4)).toBeLessThanOrEqual(0.04);
    for (const result of medianResults) expect(result).toEqual({ outcome: 'warn', measuredValue: first.measuredValue, windowsEvaluated: 3, windowsWarned: 1, windowsFailed: 0 });
  });

  it('has no measured value while no window closed with a value', () => {
    const average = aggregate({ metric: 'avg', thresholds: { warn: { mustBeLessOrEqualTo: 100 } } });
    expect(runResultAfter(average, [])).toEqual({ outcome: 'not_evaluated', measuredValue: null, windowsEvaluated: 0, windowsWarned: 0, windowsFailed: 0 });
    expect(runResultAfter(average, [[closedWindow(average, 0, [null, 'text'])]])).toEqual({ outcome: 'not_evaluated', measuredValue: null, windowsEvaluated: 0, windowsWarned: 0, windowsFailed: 0 });
  });
});
