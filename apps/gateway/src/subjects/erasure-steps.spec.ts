import { ERASURE_STEPS, ErasureDriver, ErasurePlan, ErasureStep, pendingSteps, runErasure, StepOutcome, StepOutcomes } from './erasure-steps';

const PLAN: ErasurePlan = {
  explore: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
  navigate: ['00000000-0000-4000-8000-000000000001'],
  quarantine: ['00000000-0000-4000-8000-000000000002'],
  identifierTokens: ['tok_aaaaaaaaaaaaaaaaaaaaaaaaaa'],
  rowTokens: ['tok_bbbbbbbbbbbbbbbbbbbbbbbbbb'],
};

const COUNTS: Record<ErasureStep, number> = { erase_explore: 2, erase_navigate: 1, erase_quarantine: 1, shred_vault_tokens: 2 };
const clock = () => new Date('2026-11-30T02:00:00.000Z');

/** A driver that persists into `stored` (as the repository does) and fails once at `crashAt`. */
function driver(stored: StepOutcomes, crashAt?: ErasureStep) {
  let crashed = false;
  const executed: ErasureStep[] = [];
  const persisted: Array<[ErasureStep, StepOutcome]> = [];
  const impl: ErasureDriver = {
    execute: async (step, plan) => {
      expect(plan).toBe(PLAN);
      if (step === crashAt && !crashed) {
        crashed = true;
        throw new Error('connection reset');
      }
      executed.push(step);
      return COUNTS[step];
    },
    recordStep: async (step, outcome) => {
      persisted.push([step, outcome]);
      stored[step] = outcome;
    },
  };
  return { impl, executed, persisted };
}

describe('the erasure state machine', () => {
  it('runs the four steps in order, persisting each with its count', async () => {
    const stored: StepOutcomes = {};
    const { impl, executed, persisted } = driver(stored);
    const outcomes = await runErasure(PLAN, stored, impl, clock);
    expect(executed).toEqual(['erase_explore', 'erase_navigate', 'erase_quarantine', 'shred_vault_tokens']);
    expect(persisted).toEqual([
      ['erase_explore', { count: 2, at: '2026-11-30T02:00:00.000Z' }],
      ['erase_navigate', { count: 1, at: '2026-11-30T02:00:00.000Z' }],
      ['erase_quarantine', { count: 1, at: '2026-11-30T02:00:00.000Z' }],
      ['shred_vault_tokens', { count: 2, at: '2026-11-30T02:00:00.000Z' }],
    ]);
    expect(outcomes).toEqual(stored);
    expect(pendingSteps(outcomes)).toEqual([]);
  });

  it('stops at a failing step with the steps before it persisted, and a rerun resumes exactly there', async () => {
    const stored: StepOutcomes = {};
    const first = driver(stored, 'erase_quarantine');
    await expect(runErasure(PLAN, stored, first.impl, clock)).rejects.toThrow('connection reset');
    expect(first.executed).toEqual(['erase_explore', 'erase_navigate']);
    expect(Object.keys(stored)).toEqual(['erase_explore', 'erase_navigate']);
    expect(pendingSteps(stored)).toEqual(['erase_quarantine', 'shred_vault_tokens']);

    // A restart: a new driver over what was persisted.
    const second = driver(stored);
    await runErasure(PLAN, { ...stored }, second.impl, clock);
    expect(second.executed).toEqual(['erase_quarantine', 'shred_vault_tokens']);
    expect(pendingSteps(stored)).toEqual([]);
  });

  it('does nothing when every step is done (a finished erasure run again)', async () => {
    const done = Object.fromEntries(ERASURE_STEPS.map((step) => [step, { count: 0, at: '2026-11-30T01:00:00.000Z' }])) as StepOutcomes;
    const { impl, executed, persisted } = driver({});
    expect(await runErasure(PLAN, done, impl, clock)).toEqual(done);
    expect(executed).toEqual([]);
    expect(persisted).toEqual([]);
  });

  it('does not run the next step when persisting a step fails (the step is simply run again later)', async () => {
    const { impl, executed } = driver({});
    impl.recordStep = jest.fn().mockRejectedValueOnce(new Error('database down'));
    await expect(runErasure(PLAN, {}, impl, clock)).rejects.toThrow('database down');
    expect(executed).toEqual(['erase_explore']);
  });
});
