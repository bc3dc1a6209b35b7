import type { EntityManager } from 'typeorm';
import { emptyWindowState, type DistributionOptions } from './aggregate-check';
import type { CategoryCounts } from './category-counts';
import { judgeDrift, judgeDrifts, type ClosingDriftWindow, type ReferenceWindow } from './drift-judgement';
import { addToSketch, emptySketch, type ValueSketch } from './value-sketch';

const RUN_1 = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a51';
const RUN_2 = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52';
const UNKNOWN_RUN = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a59';

function sketchOf(values: number[]): ValueSketch {
  const sketch = emptySketch();
  for (const value of values) addToSketch(sketch, value);
  return sketch;
}

const categoryState = (values: Record<string, number>) => ({ ...emptyWindowState(false, true), valueCount: Object.values(values).reduce((sum, count) => sum + count, 0), categories: { values, other: 0 } });
const chiSquare = (runId: string): DistributionOptions => ({ type: 'categorical', method: 'chi_square', reference: { kind: 'run', runId } });
const significance = { fail: { mustBeGreaterOrEqualTo: 0.3 } };

describe('judgeDrift against a pinned run and with chi-square or numeric PSI', () => {
  const pinned: ReferenceWindow = { runId: RUN_1, windowStart: 0, valueCount: 4, sketch: null, categories: { values: { DHL: 2, UPS: 1, GLS: 1 }, other: 0 }, windows: 3 };

  it('measures chi-square as its p-value against the pinned run\'s merged windows, drift below the significance level', () => {
    // χ² = 8/3 on 2 degrees (distribution-drift.spec.ts): p = e^(−4/3) ≈ 0.264 < 0.3 fails.
    expect(judgeDrift(chiSquare(RUN_1), significance, categoryState({ DHL: 4 }), 8, [pinned])).toEqual({
      outcome: 'fail',
      measuredValue: expect.closeTo(Math.exp(-4 / 3), 13),
      drift: {
        method: 'chi_square',
        evaluated: true,
        value: expect.closeTo(Math.exp(-4 / 3), 13),
        statistic: expect.closeTo(8 / 3, 13),
        degreesOfFreedom: 2,
        reference: { kind: 'run', runId: RUN_1, windows: 3, values: 4 },
        windowStart: 8,
      },
    });
    expect(judgeDrift(chiSquare(RUN_1), { fail: { mustBeGreaterOrEqualTo: 0.05 } }, categoryState({ DHL: 4 }), 8, [pinned]).outcome).toBe('pass');
  });

  it('is not evaluated, saying so, when the pinned run has no closed window with values, or the method does not fit the column', () => {
    expect(judgeDrift(chiSquare(RUN_2), significance, categoryState({ DHL: 4 }), 0, [])).toEqual({
      outcome: 'not_evaluated',
      measuredValue: null,
      drift: {
        method: 'chi_square',
        evaluated: false,
        value: null,
        reference: { kind: 'run', runId: RUN_2, windows: 0, values: 0 },
        windowStart: 0,
        reason: `no reference: run ${RUN_2} has no closed window of this check (and segment) with values`,
      },
    });
    const mismatch: DistributionOptions = { type: 'continuous', method: 'chi_square', reference: { kind: 'previous_windows', windows: 1 } };
    expect(judgeDrift(mismatch, significance, categoryState({ DHL: 4 }), 0, [pinned]).drift.reason).toBe('method chi_square does not apply to a continuous column');
  });

  it('measures numeric PSI over the reference deciles', () => {
    const options: DistributionOptions = { type: 'continuous', method: 'psi', reference: { kind: 'run', runId: RUN_1 } };
    const state = { ...emptyWindowState(true), valueCount: 4, sketch: sketchOf([10, 20, 300, 400]) };
    const reference: ReferenceWindow = { runId: RUN_1, windowStart: 0, valueCount: 4, sketch: sketchOf([10, 20, 30, 40]), categories: null, windows: 1 };
    const psi = (0.0001 - 0.25) * Math.log(0.0001 / 0.25) + 0.25 * Math.log(2);
    expect(judgeDrift(options, { fail: { mustBeLessOrEqualTo: 0.5 } }, state, 0, [reference])).toMatchObject({ outcome: 'fail', measuredValue: expect.closeTo(psi, 12), drift: { method: 'psi', value: expect.closeTo(psi, 12) } });
  });
});

describe('judgeDrifts reads each reference kind in one query per batch', () => {
  function closing(checkId: string, windowStart: number, distribution: DistributionOptions, state = categoryState({ DHL: 4 })): ClosingDriftWindow {
    return { window: { sourceId: 'shipments', checkId, segment: '', runId: RUN_2, windowStart, thresholds: significance, scope: { distribution }, state }, outcome: 'pass', measuredValue: null };
  }

  it('merges a pinned run once per run, check and segment, finds nothing for an unknown run and never queries a malformed id', async () => {
    const queries: Array<{ sql: string; parameters: unknown[] }> = [];
    const categories: CategoryCounts = { values: { DHL: 2, UPS: 1, GLS: 1 }, other: 0 };
    const manager = {
      query: async (sql: string, parameters: unknown[]) => {
        queries.push({ sql, parameters });
        if (sql.includes('quality.merged_sketch')) {
          return [
            { index: 1, runId: RUN_1, windowStart: 0, windows: 3, valueCount: 4, sketch: null, categories },
            { index: 2, runId: UNKNOWN_RUN, windowStart: 0, windows: 0, valueCount: 0, sketch: null, categories: null },
          ];
        }
        return [{ index: 1, runId: RUN_1, windowStart: 0, valueCount: 4, sketch: null, categories }];
      },
    } as unknown as EntityManager;
    const windows = [
      closing('shipments.carrier.chi', 0, chiSquare(RUN_1)),
      closing('shipments.carrier.chi', 4, chiSquare(RUN_1), categoryState({ DHL: 2, UPS: 1, GLS: 1 })),
      closing('shipments.carrier.unknown', 0, chiSquare(UNKNOWN_RUN)),
      closing('shipments.carrier.malformed', 0, chiSquare('last-week')),
      closing('shipments.carrier.previous', 0, { ...chiSquare(RUN_1), reference: { kind: 'previous_windows', windows: 2 } }),
    ];
    await judgeDrifts(manager, windows);
    expect(queries.map(({ parameters }) => parameters)).toEqual([
      [['shipments'], ['shipments.carrier.previous'], [''], [2]],
      [['shipments', 'shipments'], ['shipments.carrier.chi', 'shipments.carrier.unknown'], ['', ''], [RUN_1, UNKNOWN_RUN], 256],
    ]);
    expect(windows.map((entry) => [entry.window.checkId, entry.outcome, entry.drift!.evaluated, entry.drift!.reference, entry.drift!.reason ?? null])).toEqual([
      ['shipments.carrier.chi', 'fail', true, { kind: 'run', runId: RUN_1, windows: 3, values: 4 }, null],
      // Same shares as the pinned run: χ² = 0, p = 1.
      ['shipments.carrier.chi', 'pass', true, { kind: 'run', runId: RUN_1, windows: 3, values: 4 }, null],
      ['shipments.carrier.unknown', 'not_evaluated', false, { kind: 'run', runId: UNKNOWN_RUN, windows: 0, values: 0 }, `no reference: run ${UNKNOWN_RUN} has no closed window of this check (and segment) with values`],
      ['shipments.carrier.malformed', 'not_evaluated', false, { kind: 'run', runId: 'last-week', windows: 0, values: 0 }, 'no reference: run last-week has no closed window of this check (and segment) with values'],
      ['shipments.carrier.previous', 'fail', true, { kind: 'previous_windows', windows: 2, used: [{ runId: RUN_1, windowStart: 0 }], values: 4 }, null],
    ]);
    expect(windows[1].measuredValue).toBe(1);
  });
});
