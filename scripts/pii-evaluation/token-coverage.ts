import type { EvalSpan } from './metrics';

/**
 * Token-level masking coverage: what share of personal tokens a detector leaves readable, and what
 * share of harmless tokens it hides. Unlike span matching this ignores how spans are cut (one address
 * block or five pieces) and their labels: a personal token counts as masked whatever type covers it.
 */
export const TOKEN_DEFINITION =
  'a token is a maximal run of letters, marks and digits (\\p{L}\\p{M}\\p{N}); a token is personal when it overlaps a gold span of an evaluated type, ' +
  'neutral when it overlaps only gold spans of unevaluated labels (not counted), harmless otherwise; a personal token is unmasked unless EVERY character ' +
  'lies inside some detected span (any type); a harmless token is over-masked when ANY character lies inside a detected span';

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+/gu;

export interface TokenCounts {
  personal: number;
  unmasked: number;
  harmless: number;
  overMasked: number;
  /** Per gold type: personal tokens of that type and how many were left unmasked. */
  perGoldType: Map<string, { tokens: number; unmasked: number }>;
  /** Per predicted type: harmless tokens it covered. */
  perPredictedType: Map<string, number>;
}

export function emptyTokenCounts(): TokenCounts {
  return { personal: 0, unmasked: 0, harmless: 0, overMasked: 0, perGoldType: new Map(), perPredictedType: new Map() };
}

/** Tokens of `text` as [start, end) ranges. */
export function tokenRanges(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * Adds one text's token counts to `into`. `gold` are spans of evaluated (personal) types,
 * `neutral` spans of labels that are neither personal nor harmless, `predicted` the detector's spans.
 */
export function addTokenCoverage(
  into: TokenCounts,
  text: string,
  gold: readonly EvalSpan[],
  neutral: readonly EvalSpan[],
  predicted: readonly EvalSpan[],
): { unmasked: EvalSpan[]; overMasked: EvalSpan[] } {
  const misses = { unmasked: [] as EvalSpan[], overMasked: [] as EvalSpan[] };
  // Per-character coverage by the predictions (texts are short; linear in text + spans).
  const covered = new Uint8Array(text.length + 1);
  for (const p of predicted) for (let i = Math.max(0, p.start); i < Math.min(text.length, p.end); i++) covered[i] = 1;
  const overlaps = (s: EvalSpan, t: { start: number; end: number }): boolean => s.start < t.end && t.start < s.end;
  for (const t of tokenRanges(text)) {
    const goldTypes = new Set(gold.filter((g) => overlaps(g, t)).map((g) => g.type));
    let all = true;
    let any = false;
    for (let i = t.start; i < t.end; i++) {
      if (covered[i]) any = true;
      else all = false;
    }
    if (goldTypes.size > 0) {
      into.personal++;
      if (!all) {
        into.unmasked++;
        misses.unmasked.push({ type: [...goldTypes].join('+'), ...t });
      }
      for (const type of goldTypes) {
        const c = into.perGoldType.get(type) ?? { tokens: 0, unmasked: 0 };
        c.tokens++;
        if (!all) c.unmasked++;
        into.perGoldType.set(type, c);
      }
      continue;
    }
    if (neutral.some((n) => overlaps(n, t))) continue;
    into.harmless++;
    if (!any) continue;
    into.overMasked++;
    const types = new Set(predicted.filter((p) => overlaps(p, t)).map((p) => p.type));
    for (const type of types) into.perPredictedType.set(type, (into.perPredictedType.get(type) ?? 0) + 1);
    misses.overMasked.push({ type: [...types].join('+'), ...t });
  }
  return misses;
}
