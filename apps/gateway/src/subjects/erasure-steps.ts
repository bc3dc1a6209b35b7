/**
 * The erasure state machine. A request's plan (the record ids and vault tokens located when it was
 * created, never values) is carried out step by step; each finished step is persisted with its
 * count before the next starts, so a rerun (after a crash, a restart or a failed dependency)
 * resumes at the first unfinished step. Every step is idempotent: deleting or shredding again
 * removes nothing more.
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
  /** Rows deleted or tokens shredded by this step. */
  count: number;
  at: string;
}

export type StepOutcomes = Partial<Record<ErasureStep, StepOutcome>>;

/** The steps still to run, in order. */
export function pendingSteps(outcomes: StepOutcomes): ErasureStep[] {
  return ERASURE_STEPS.filter((step) => outcomes[step] === undefined);
}

export interface ErasureDriver {
  /** Carries out one step of the plan; returns how many rows or tokens it removed. */
  execute(step: ErasureStep, plan: ErasurePlan): Promise<number>;
  /** Persists a finished step; must be durable before the next step starts. */
  recordStep(step: ErasureStep, outcome: StepOutcome): Promise<void>;
}

/**
 * Runs the pending steps in order. A failing step stops the run (its error is rethrown) with the
 * steps before it recorded, so the next run starts with it. Returns the outcomes of every step.
 */
export async function runErasure(plan: ErasurePlan, done: StepOutcomes, driver: ErasureDriver, now: () => Date = () => new Date()): Promise<StepOutcomes> {
  const outcomes: StepOutcomes = { ...done };
  for (const step of pendingSteps(done)) {
    const count = await driver.execute(step, plan);
    const outcome = { count, at: now().toISOString() };
    await driver.recordStep(step, outcome);
    outcomes[step] = outcome;
  }
  return outcomes;
}
