import type { TopValue } from '../api/types';

/** A typed cell as text: null as a dash, objects and arrays as JSON, the rest as is. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A top value as the profile may show it: the value when harmless, otherwise its shape (A, a, 9) or its kind. */
export function topValueLabel(entry: TopValue): string {
  if (entry.value !== undefined) return entry.value;
  if (entry.shape !== undefined) return `shape ${entry.shape}`;
  return entry.kind ?? '?';
}

/** A share of 0..1 as a percentage with one decimal. */
export function percent(share: number): string {
  return `${(Math.min(1, Math.max(0, share)) * 100).toFixed(1)}%`;
}

/** The cursors of the pages seen so far, to go forward and back through cursor pages (the first page has none). */
export interface PageTrail {
  cursors: Array<string | null>;
}

export const firstPage = (): PageTrail => ({ cursors: [null] });
export const currentCursor = (trail: PageTrail): string | null => trail.cursors[trail.cursors.length - 1];
export const nextPage = (trail: PageTrail, nextCursor: string): PageTrail => ({ cursors: [...trail.cursors, nextCursor] });
export const previousPage = (trail: PageTrail): PageTrail => (trail.cursors.length > 1 ? { cursors: trail.cursors.slice(0, -1) } : trail);
