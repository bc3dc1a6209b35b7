import { Counter } from 'prom-client';
import { sourceLabel } from '@atlas/observability';

/**
 * A last-line canary, not a detector: pii-detection protects records long before they reach Chart,
 * so any e-mail address or payment card number still readable in a Chart record means protection
 * failed (a policy with `keep`, a recognizer gap, a bypassed stage). Deliberately narrow (few false
 * alarms): well-formed e-mail addresses, and 13-19 digit card numbers with a card prefix passing Luhn.
 */
export const chartUnmaskedPiiTotal = new Counter({
  name: 'atlas_chart_unmasked_pii_total',
  help: 'Chart records in which the Navigate canary still found readable PII, by source and entity type (EMAIL_ADDRESS, CREDIT_CARD)',
  labelNames: ['source', 'entity_type'] as const,
});

export type CanaryEntity = 'EMAIL_ADDRESS' | 'CREDIT_CARD';

const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;
// Bounded quantifiers keep each match attempt short: the scan is linear in the text.
const CARD_CANDIDATE = /\d(?:[ -]?\d){12,18}/g;
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))/;
const TOKEN_SEPARATORS = /[\s,;:<>()[\]{}"'`|]+/;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function scanText(text: string, found: Set<CanaryEntity>): void {
  if (text.includes('@')) {
    for (const token of text.split(TOKEN_SEPARATORS)) {
      if (token.includes('@') && EMAIL.test(token.replace(/[.!?]+$/, ''))) found.add('EMAIL_ADDRESS');
    }
  }
  for (const match of text.matchAll(CARD_CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (CARD_PREFIX.test(digits) && passesLuhn(digits)) found.add('CREDIT_CARD');
  }
}

/** The canary entity types readable anywhere in a payload (values, not keys). */
export function unmaskedPiiIn(payload: unknown): Set<CanaryEntity> {
  const found = new Set<CanaryEntity>();
  const pending: unknown[] = [payload];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') scanText(value, found);
    else if (typeof value === 'number') scanText(String(value), found);
    else if (Array.isArray(value)) pending.push(...value);
    else if (typeof value === 'object' && value !== null) pending.push(...Object.values(value));
  }
  return found;
}

export function countUnmaskedPii(records: ReadonlyArray<{ sourceId: string; payload: unknown }>): void {
  for (const { sourceId, payload } of records) {
    for (const entityType of unmaskedPiiIn(payload)) chartUnmaskedPiiTotal.inc({ source: sourceLabel(sourceId), entity_type: entityType });
  }
}
