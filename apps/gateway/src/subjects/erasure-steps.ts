/**
 * The state machine of erasures and rectifications. A request's plan (the record ids and vault
 * tokens located when it was created, never values) is carried out step by step; each finished
 * step is persisted with its count before the next starts, so a rerun (after a crash, a restart or
 * a failed dependency) resumes at the first unfinished step. Every step is idempotent: deleting,
 * shredding or setting the same values again changes nothing more.
 */
export const ERASURE_STEPS = ['erase_explore', 'erase_navigate', 'erase_quarantine', 'shred_vault_tokens'] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

export interface ErasurePlan {
  explore: string[];
  navigate: string[];
  quarantine: string[];
  /** Tokens whose plaintext is the identifier: always shredded. */
  identifierTokens: string[];
  /** Other tokens in the subject's rows (their name, their phone…): shredded unless a row of someone else still holds them. */
  rowTokens: string[];
}

export const EMPTY_PLAN: ErasurePlan = { explore: [], navigate: [], quarantine: [], identifierTokens: [], rowTokens: [] };

export interface StepOutcome {
  /** Rows deleted or rectified, or tokens shredded, by this step. */
  count: number;
  at: string;
}

export type StepOutcomes<Step extends string = ErasureStep> = Partial<Record<Step, StepOutcome>>;

/** The steps still to run, in order. */
export function pendingStepsOf<Step extends string>(steps: readonly Step[], outcomes: StepOutcomes<Step>): Step[] {
  return steps.filter((step) => outcomes[step] === undefined);
}

/** The erasure steps still to run, in order. */
export function pendingSteps(outcomes: StepOutcomes): ErasureStep[] {
  return pendingStepsOf(ERASURE_STEPS, outcomes);
}

export interface StepDriver<Step extends string, Plan> {
  /** Carries out one step of the plan; returns how many rows or tokens it changed. */
  execute(step: Step, plan: Plan): Promise<number>;
  /** Persists a finished step; must be durable before the next step starts. */
  recordStep(step: Step, outcome: StepOutcome): Promise<void>;
}

export type ErasureDriver = StepDriver<ErasureStep, ErasurePlan>;

/**
 * Runs the pending steps in order. A failing step stops the run (its error is rethrown) with the
 * steps before it recorded, so the next run starts with it. Returns the outcomes of every step.
 */
export async function runSteps<Step extends string, Plan>(
  steps: readonly Step[],
  plan: Plan,
  done: StepOutcomes<Step>,
  driver: StepDriver<Step, Plan>,
  now: () => Date = () => new Date(),
): Promise<StepOutcomes<Step>> {
  const outcomes: StepOutcomes<Step> = { ...done };
  for (const step of pendingStepsOf(steps, done)) {
    const count = await driver.execute(step, plan);
    const outcome = { count, at: now().toISOString() };
    await driver.recordStep(step, outcome);
    outcomes[step] = outcome;
  }
  return outcomes;
}

export function runErasure(plan: ErasurePlan, done: StepOutcomes, driver: ErasureDriver, now: () => Date = () => new Date()): Promise<StepOutcomes> {
  return runSteps(ERASURE_STEPS, plan, done, driver, now);
}
