import { classificationReport, iou, matchSpans, prf, totals, type TypeCounts } from './metrics';
import { ibanValid, luhnValid, makeIban, luhnComplete, parseCsv, prng } from './structured-dataset';

describe('span metrics', () => {
  it('computes character IoU', () => {
    expect(iou({ type: 'A', start: 0, end: 10 }, { type: 'A', start: 0, end: 10 })).toBe(1);
    expect(iou({ type: 'A', start: 0, end: 10 }, { type: 'A', start: 5, end: 15 })).toBeCloseTo(5 / 15);
    expect(iou({ type: 'A', start: 0, end: 5 }, { type: 'A', start: 5, end: 10 })).toBe(0);
  });

  it('matches one-to-one, same type, IoU >= 0.5', () => {
    const gold = [
      { type: 'PERSON', start: 0, end: 10 },
      { type: 'LOCATION', start: 20, end: 26 },
      { type: 'PERSON', start: 30, end: 40 },
    ];
    const pred = [
      { type: 'PERSON', start: 0, end: 8 }, // IoU 0.8 → TP
      { type: 'PERSON', start: 0, end: 10 }, // same gold, better IoU → takes the match; the other becomes FP
      { type: 'PERSON', start: 20, end: 26 }, // wrong type → FP, and the LOCATION is FN
      { type: 'PERSON', start: 30, end: 34 }, // IoU 0.4 → FP, gold FN
    ];
    const m = matchSpans(gold, pred);
    expect(m.counts.get('PERSON')).toEqual({ tp: 1, fp: 3, fn: 1, fpOnUnevaluated: 0 });
    expect(m.counts.get('LOCATION')).toEqual({ tp: 0, fp: 0, fn: 1, fpOnUnevaluated: 0 });
  });

  it('counts predictions over unevaluated gold labels as FP but reports them apart', () => {
    const m = matchSpans([], [{ type: 'PERSON', start: 0, end: 9 }], [{ type: 'ORGANIZATION', start: 0, end: 13 }]);
    expect(m.counts.get('PERSON')).toEqual({ tp: 0, fp: 1, fn: 0, fpOnUnevaluated: 1 });
  });

  it('computes P/R/F1 with undefined cases as null', () => {
    expect(prf({ tp: 8, fp: 2, fn: 8 })).toEqual({ precision: 0.8, recall: 0.5, f1: (2 * 0.8 * 0.5) / 1.3 });
    expect(prf({ tp: 0, fp: 0, fn: 3 })).toEqual({ precision: null, recall: 0, f1: null });
    expect(prf({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: null, recall: null, f1: null });
  });

  it('computes micro and macro totals (macro over types with gold)', () => {
    const counts = new Map<string, TypeCounts>([
      ['A', { tp: 9, fp: 1, fn: 1, fpOnUnevaluated: 0 }],
      ['B', { tp: 1, fp: 1, fn: 3, fpOnUnevaluated: 0 }],
      ['C', { tp: 0, fp: 5, fn: 0, fpOnUnevaluated: 0 }], // no gold: in micro, not in macro
    ]);
    const t = totals(counts);
    expect(t.micro.tp).toBe(10);
    expect(t.micro.fp).toBe(7);
    expect(t.micro.fn).toBe(4);
    expect(t.micro.precision).toBeCloseTo(10 / 17);
    expect(t.macro.types).toBe(2);
    expect(t.macro.recall).toBeCloseTo((0.9 + 0.25) / 2);
  });

  it('reports classification accuracy and per-label P/R', () => {
    const r = classificationReport([
      { gold: 'PERSON', predicted: 'PERSON' },
      { gold: 'PERSON', predicted: 'NONE' },
      { gold: 'NONE', predicted: 'NONE' },
      { gold: 'NONE', predicted: 'DATE_TIME' },
    ]);
    expect(r.accuracy).toBe(0.5);
    expect(r.perLabel.get('PERSON')).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(r.perLabel.get('DATE_TIME')).toMatchObject({ precision: 0, recall: null, support: 0 });
  });
});

describe('structured data generators', () => {
  it('makes Luhn-valid card numbers', () => {
    expect(luhnComplete('411111111111111')).toBe('4111111111111111');
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('makes mod-97-valid IBANs', () => {
    expect(makeIban('GB', 'WEST12345698765432')).toBe('GB82WEST12345698765432');
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB83WEST12345698765432')).toBe(false);
  });

  it('parses quoted CSV and is deterministic', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"']]);
    const a = prng(7);
    const b = prng(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
