/** Span-level evaluation: per-type one-to-one matching by character IoU. */
export interface EvalSpan {
  type: string;
  start: number;
  end: number;
}

export const IOU_THRESHOLD = 0.5;
export const OVERLAP_RULE =
  'a prediction matches a gold span of the SAME entity type when their character IoU (intersection / union of [start,end) ranges) is >= 0.5; matching is one-to-one, greedy by highest IoU';

export function iou(a: EvalSpan, b: EvalSpan): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  if (inter === 0) return 0;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union > 0 ? inter / union : 0;
}

export interface TypeCounts {
  tp: number;
  fp: number;
  fn: number;
  /** False positives that overlap a gold span whose label is not evaluated (e.g. ORGANIZATION). Included in fp. */
  fpOnUnevaluated: number;
}

export interface MatchResult {
  counts: Map<string, TypeCounts>;
  falsePositives: EvalSpan[];
  falseNegatives: EvalSpan[];
}

export function emptyCounts(): TypeCounts {
  return { tp: 0, fp: 0, fn: 0, fpOnUnevaluated: 0 };
}

/**
 * Matches predictions to gold spans of one text. `unevaluated` are gold spans of labels we do not
 * score; they only feed the `fpOnUnevaluated` breakdown.
 */
export function matchSpans(gold: readonly EvalSpan[], pred: readonly EvalSpan[], unevaluated: readonly EvalSpan[] = [], threshold = IOU_THRESHOLD): MatchResult {
  const counts = new Map<string, TypeCounts>();
  const get = (t: string): TypeCounts => {
    let c = counts.get(t);
    if (!c) counts.set(t, (c = emptyCounts()));
    return c;
  };
  const pairs: { g: number; p: number; v: number }[] = [];
  for (let g = 0; g < gold.length; g++) {
    for (let p = 0; p < pred.length; p++) {
      if (gold[g].type !== pred[p].type) continue;
      const v = iou(gold[g], pred[p]);
      if (v >= threshold) pairs.push({ g, p, v });
    }
  }
  pairs.sort((a, b) => b.v - a.v || a.g - b.g || a.p - b.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  for (const { g, p } of pairs) {
    if (usedG.has(g) || usedP.has(p)) continue;
    usedG.add(g);
    usedP.add(p);
    get(gold[g].type).tp++;
  }
  const falsePositives: EvalSpan[] = [];
  const falseNegatives: EvalSpan[] = [];
  gold.forEach((s, i) => {
    if (!usedG.has(i)) {
      get(s.type).fn++;
      falseNegatives.push(s);
    }
  });
  pred.forEach((s, i) => {
    if (usedP.has(i)) return;
    const c = get(s.type);
    c.fp++;
    if (unevaluated.some((u) => iou(u, s) > 0)) c.fpOnUnevaluated++;
    falsePositives.push(s);
  });
  return { counts, falsePositives, falseNegatives };
}

export function addCounts(into: Map<string, TypeCounts>, from: ReadonlyMap<string, TypeCounts>): void {
  for (const [t, c] of from) {
    const cur = into.get(t) ?? emptyCounts();
    cur.tp += c.tp;
    cur.fp += c.fp;
    cur.fn += c.fn;
    cur.fpOnUnevaluated += c.fpOnUnevaluated;
    into.set(t, cur);
  }
}

export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Precision/recall/F1; null where undefined (no predictions / no gold). */
export function prf(c: Pick<TypeCounts, 'tp' | 'fp' | 'fn'>): Prf {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : null;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : null;
  const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : null;
  return { precision, recall, f1 };
}

export interface Totals {
  micro: Prf & { tp: number; fp: number; fn: number };
  /** Unweighted mean over types with at least one gold span (a type with no prediction scores P=R=F1=0). */
  macro: Prf & { types: number };
}

export function totals(counts: ReadonlyMap<string, TypeCounts>): Totals {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let sp = 0;
  let sr = 0;
  let sf = 0;
  let n = 0;
  for (const c of counts.values()) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    if (c.tp + c.fn === 0) continue;
    const m = prf(c);
    sp += m.precision ?? 0;
    sr += m.recall ?? 0;
    sf += m.f1 ?? 0;
    n++;
  }
  return {
    micro: { tp, fp, fn, ...prf({ tp, fp, fn }) },
    macro: { precision: n ? sp / n : null, recall: n ? sr / n : null, f1: n ? sf / n : null, types: n },
  };
}

/** Classification accuracy and per-label precision/recall (labels are strings; 'NONE' for no entity). */
export function classificationReport(pairs: readonly { gold: string; predicted: string }[]): {
  accuracy: number | null;
  perLabel: Map<string, Prf & { support: number; tp: number; fp: number; fn: number }>;
} {
  const labels = new Set<string>();
  let correct = 0;
  for (const p of pairs) {
    labels.add(p.gold);
    labels.add(p.predicted);
    if (p.gold === p.predicted) correct++;
  }
  const perLabel = new Map<string, Prf & { support: number; tp: number; fp: number; fn: number }>();
  for (const l of [...labels].sort()) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      if (p.predicted === l && p.gold === l) tp++;
      else if (p.predicted === l) fp++;
      else if (p.gold === l) fn++;
    }
    perLabel.set(l, { ...prf({ tp, fp, fn }), support: tp + fn, tp, fp, fn });
  }
  return { accuracy: pairs.length ? correct / pairs.length : null, perLabel };
}
