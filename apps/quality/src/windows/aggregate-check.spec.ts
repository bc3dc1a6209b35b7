import type { CheckDefinition } from '../checks/check-model';
import { RECORD_CHECKS } from '../contracts/contract-compilation';
import { AggregateCheck, emptyWindowState, mergeWindowStates, metricOf, windowOf, windowOutcome, type AggregateParameters, type WindowState } from './aggregate-check';

function aggregate(parameters: Partial<AggregateParameters>, field = ['value']): AggregateCheck {
  const full: AggregateParameters = { metric: 'row_count', window: { kind: 'run' }, thresholds: {}, missingValues: [], validity: [], ...parameters };
  const definition: CheckDefinition = { id: 'x', name: 'x', type: 'aggregate', field, level: 'fail', parameters: full as unknown as Record<string, unknown>, origin: '/x' };
  return new AggregateCheck(
    definition,
    full.validity.map((rule) => RECORD_CHECKS.create({ ...definition, type: rule.type, parameters: rule.parameters })),
  );
}

/** Observes values (ingested at 1000 + index ms) into one state; `protectedAt` marks indexes pii-detection rewrote. */
function observe(check: AggregateCheck, values: unknown[], protectedAt: number[] = []): { state: WindowState; counted: boolean[] } {
  const state = emptyWindowState();
  const counted = values.map((value, index) => check.observe(state, value, protectedAt.includes(index), 1000 + index));
  return { state, counted };
}

describe('aggregate checks over windows', () => {
  it('counts missing values as Soda does: absent, null and the configured missing values, percent over all rows', () => {
    const check = aggregate({ metric: 'missing_percent', missingValues: ['n/a'] });
    const { state, counted } = observe(check, ['a', null, undefined, 'n/a', '', 'b', 'protected'], [6]);
    expect(counted).toEqual([false, true, true, true, false, false, false]);
    expect(state).toMatchObject({ rows: 7, missing: 3, notEvaluated: 0 });
    expect(metricOf('missing_count', state)).toBe(3);
    expect(metricOf('missing_percent', state)).toBeCloseTo((3 / 7) * 100, 12);
  });

  it('counts invalid values excluding missing ones, over the rows whose value could be judged', () => {
    const check = aggregate({ metric: 'invalid_percent', missingValues: ['N/A'], validity: [{ type: 'pattern', parameters: { pattern: '^PAY-[0-9]+$' } }] });
    // PAY-1 valid, bad invalid, N/A missing (not invalid), null missing, 42 not a string (not evaluated), protected (not evaluated)
    const { state, counted } = observe(check, ['PAY-1', 'bad', 'N/A', null, 42, 'PAY-9'], [5]);
    expect(counted).toEqual([false, true, false, false, false, false]);
    expect(state).toMatchObject({ rows: 6, missing: 2, invalid: 1, notEvaluated: 2 });
    expect(metricOf('invalid_count', state)).toBe(1);
    expect(metricOf('invalid_percent', state)).toBe(25);
  });

  it('treats a value as invalid when any validity rule fails', () => {
    const check = aggregate({ metric: 'invalid_count', validity: [{ type: 'minimum', parameters: { limit: 1 } }, { type: 'maximum', parameters: { limit: 9 } }] });
    expect(observe(check, [0, 1, 5, 9, 10]).state.invalid).toBe(2);
  });

  it('keeps min, max, sum and count of numbers, ignoring missing values and reading no protected or non-numeric value', () => {
    const check = aggregate({ metric: 'avg' });
    const { state } = observe(check, [10, null, 30, '40', -5, 25], [5]);
    expect(state).toMatchObject({ rows: 6, missing: 1, notEvaluated: 2, valueCount: 3, valueSum: 35, valueMin: -5, valueMax: 30 });
    expect([metricOf('min', state), metricOf('max', state), metricOf('avg', state)]).toEqual([-5, 30, 35 / 3]);
  });

  it('measures freshness as the latest ingestion time minus the latest timestamp of the field', () => {
    const check = aggregate({ metric: 'freshness' });
    const state = emptyWindowState();
    check.observe(state, '2026-11-29T00:00:00.000Z', false, Date.parse('2026-11-30T06:00:00.000Z'));
    check.observe(state, '2026-11-29T12:00:00.000Z', false, Date.parse('2026-11-30T12:00:00.000Z'));
    check.observe(state, 'yesterday', false, Date.parse('2026-11-30T00:00:00.000Z'));
    expect(state).toMatchObject({ valueCount: 2, notEvaluated: 1, valueMax: Date.parse('2026-11-29T12:00:00.000Z'), maxIngestedMs: Date.parse('2026-11-30T12:00:00.000Z') });
    expect(metricOf('freshness', state)).toBe(24 * 3600 * 1000);
  });

  it('has nothing to measure in an empty window (not evaluated), except a row count of zero', () => {
    const state = emptyWindowState();
    expect(['row_count', 'missing_count', 'missing_percent', 'invalid_count', 'invalid_percent', 'min', 'max', 'avg', 'freshness'].map((metric) => metricOf(metric as never, state))).toEqual([
      0,
      0,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(windowOutcome({ metric: 'avg', thresholds: { fail: { mustBeLessThan: 1 } } }, state)).toEqual({ outcome: 'not_evaluated', measuredValue: null });
  });

  it('fails on the fail threshold, else warns on the warn threshold, else passes', () => {
    const thresholds = { fail: { mustBeLessOrEqualTo: 1000 }, warn: { mustBeLessOrEqualTo: 100 } };
    const withAverage = (average: number): WindowState => ({ ...emptyWindowState(), rows: 2, valueCount: 2, valueSum: average * 2, valueMin: average, valueMax: average });
    expect(windowOutcome({ metric: 'avg', thresholds }, withAverage(100))).toEqual({ outcome: 'pass', measuredValue: 100 });
    expect(windowOutcome({ metric: 'avg', thresholds }, withAverage(100.5))).toEqual({ outcome: 'warn', measuredValue: 100.5 });
    expect(windowOutcome({ metric: 'avg', thresholds }, withAverage(1001))).toEqual({ outcome: 'fail', measuredValue: 1001 });
    expect(windowOutcome({ metric: 'avg', thresholds: { warn: { mustBeLessOrEqualTo: 100 } } }, withAverage(5000))).toEqual({ outcome: 'warn', measuredValue: 5000 });
  });

  it('places records in windows: the run, blocks of N positions (the last one cut at the run size), spans of ingestion time', () => {
    expect(windowOf({ kind: 'run' }, 7, 10, 0)).toEqual({ start: 0, end: 10 });
    expect(windowOf({ kind: 'run' }, 7, undefined, 0)).toEqual({ start: 0, end: -1 });
    expect(windowOf({ kind: 'count', size: 4 }, 0, 10, 0)).toEqual({ start: 0, end: 4 });
    expect(windowOf({ kind: 'count', size: 4 }, 7, 10, 0)).toEqual({ start: 4, end: 8 });
    expect(windowOf({ kind: 'count', size: 4 }, 9, 10, 0)).toEqual({ start: 8, end: 10 });
    expect(windowOf({ kind: 'count', size: 4 }, 9, undefined, 0)).toEqual({ start: 8, end: 12 });
    expect(windowOf({ kind: 'time', sizeMs: 60000 }, 3, 10, 1_764_460_859_999)).toEqual({ start: 1_764_460_800_000, end: 1_764_460_860_000 });
    expect(windowOf({ kind: 'time', sizeMs: 60000 }, 3, 10, 1_764_460_860_000)).toEqual({ start: 1_764_460_860_000, end: 1_764_460_920_000 });
  });

  it('merges partial states of a window into the state of all its records (what PostgreSQL adds batch by batch)', () => {
    const check = aggregate({ metric: 'avg' });
    const values = [4, null, 8, 15, -2, 23, 42];
    const whole = observe(check, values).state;
    const first = observe(check, values.slice(0, 3)).state;
    const second = emptyWindowState();
    values.slice(3).forEach((value, index) => check.observe(second, value, false, 1003 + index));
    expect(mergeWindowStates(first, second)).toEqual(whole);
    expect(mergeWindowStates(emptyWindowState(), whole)).toEqual(whole);
  });
});
