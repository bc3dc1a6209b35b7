import { FoundSubjectRecord, VAULT_TOKEN_IN_TEXT } from '@atlas/contracts';
import { ErasurePlan } from './erasure-steps';

/**
 * Rectification's steps, run like erasure's (runSteps in erasure-steps.ts): Explore takes the new
 * values, Navigate (jsonb and typed rows) and quarantine take them as each source's policy protects
 * them, then the vault tokens the corrected fields held before are shredded unless a row still holds them.
 */
export const RECTIFICATION_STEPS = ['rectify_explore', 'rectify_navigate', 'rectify_quarantine', 'shred_replaced_tokens'] as const;
export type RectificationStep = (typeof RECTIFICATION_STEPS)[number];

/** What a rectification stores to resume: ids and tokens, never values (the new values wait sealed in their own column). */
export interface RectificationPlan {
  explore: string[];
  navigate: string[];
  quarantine: string[];
  /** The sources of those records: each gets the new values as its own policy protects them. */
  sourceIds: string[];
  /** Vault tokens the corrected fields of the subject's protected rows held before: the old values. */
  replacedTokens: string[];
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The vault tokens in these fields of the protected (Navigate and quarantine) records: what the old values were tokenized as. */
export function replacedTokensOf(records: readonly FoundSubjectRecord[], fields: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const record of records) {
    if (record.layer === 'explore' || typeof record.payload !== 'object' || record.payload === null) continue;
    const payload = record.payload as Record<string, unknown>;
    for (const field of fields) {
      if (!Object.hasOwn(payload, field)) continue;
      for (const token of JSON.stringify(payload[field]).match(VAULT_TOKEN_IN_TEXT) ?? []) tokens.add(token);
    }
  }
  return sorted(tokens);
}

/** The plan of a rectification of `fields` from what locating the subject found (records with their payloads). */
export function rectificationPlanOf(located: ErasurePlan, records: readonly FoundSubjectRecord[], fields: readonly string[]): RectificationPlan {
  return {
    explore: located.explore,
    navigate: located.navigate,
    quarantine: located.quarantine,
    sourceIds: sorted(records.map((record) => record.sourceId)),
    replacedTokens: replacedTokensOf(records, fields),
  };
}
