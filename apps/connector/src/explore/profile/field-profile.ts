import { HyperLogLog } from './hyperloglog';
import { TopValueEntry, TopValues } from './top-values';
import { distinctKeyOf, InferredType, isIdentifierLikeNumber, observeValue, patternOf, topValueKeyOf } from './value-inference';

/** Patterns monitored per field (see `patternOf`): a field of many formats is no column of one kind. */
export const PATTERNS_CAPACITY = 16;

export interface Range {
  min: number;
  max: number;
}

/** A field's statistics without its distinct sketch (stored as jsonb; the sketch is stored as bytes). */
export interface FieldStatistics {
  /** Records holding the field, null included; records without it are counted as missing. */
  present: number;
  nulls: number;
  /** Strings that are empty or only white space. */
  blanks: number;
  types: Partial<Record<InferredType, number>>;
  /** Smallest and largest number; null once an identifier-like number was seen (`numberRangeWithheld`). */
  numberRange: Range | null;
  numberRangeWithheld: boolean;
  /** Dates and datetimes are reduced to their year: a day could be someone's birthday. */
  yearRange: Range | null;
  /** Lengths, in characters, of the values inferred as strings. */
  lengthRange: Range | null;
  /** Most frequent top-value keys (see TopValues for the bounds of `count` and `error`). */
  topValues: TopValueEntry[];
  /** No key outside `topValues` occurred more often than this (0 while the field's keys fit the sketch: exact counts). */
  otherTopValuesAtMost: number;
  /** Patterns of the non-blank strings (the evidence of column hints), with the same guarantees as topValues. */
  patterns: TopValueEntry[];
  otherPatternsAtMost: number;
}

function widen(range: Range | null, value: number): Range {
  if (range === null) return { min: value, max: value };
  return { min: Math.min(range.min, value), max: Math.max(range.max, value) };
}

function union(left: Range | null, right: Range | null): Range | null {
  if (left === null || right === null) return left ?? right;
  return { min: Math.min(left.min, right.min), max: Math.max(left.max, right.max) };
}

/** The profile of one field of one run: constant-size state, updated per value, merged per batch. */
export class FieldProfile {
  readonly distinct: HyperLogLog;
  private readonly topValues: TopValues;
  private readonly patterns: TopValues;
  private readonly statistics: Omit<FieldStatistics, 'topValues' | 'otherTopValuesAtMost' | 'patterns' | 'otherPatternsAtMost'>;

  constructor(statistics?: FieldStatistics, registers?: Uint8Array) {
    const { topValues, otherTopValuesAtMost, patterns, otherPatternsAtMost, ...rest } = statistics ?? {
      present: 0,
      nulls: 0,
      blanks: 0,
      types: {},
      numberRange: null,
      numberRangeWithheld: false,
      yearRange: null,
      lengthRange: null,
      topValues: [],
      otherTopValuesAtMost: 0,
      patterns: [],
      otherPatternsAtMost: 0,
    };
    this.statistics = { ...rest, types: { ...rest.types } };
    this.topValues = new TopValues(undefined, topValues, otherTopValuesAtMost);
    this.patterns = new TopValues(PATTERNS_CAPACITY, patterns, otherPatternsAtMost);
    this.distinct = new HyperLogLog(registers);
  }

  add(value: unknown): void {
    const statistics = this.statistics;
    const observed = observeValue(value);
    statistics.present++;
    statistics.types[observed.type] = (statistics.types[observed.type] ?? 0) + 1;
    if (observed.type === 'null') {
      statistics.nulls++;
      return;
    }
    this.distinct.add(distinctKeyOf(value));
    const topValueKey = topValueKeyOf(observed);
    if (topValueKey !== null) this.topValues.add(topValueKey);
    if (observed.number !== undefined) {
      if (isIdentifierLikeNumber(observed.number)) {
        statistics.numberRangeWithheld = true;
        statistics.numberRange = null;
      } else if (!statistics.numberRangeWithheld) statistics.numberRange = widen(statistics.numberRange, observed.number);
    }
    if (observed.type === 'date' || observed.type === 'datetime') statistics.yearRange = widen(statistics.yearRange, Number(observed.text!.slice(0, 4)));
    if (observed.type === 'string') {
      statistics.lengthRange = widen(statistics.lengthRange, [...observed.text!].length);
      if (observed.text!.trim() === '') statistics.blanks++;
      else this.patterns.add(patternOf(observed.text!));
    }
  }

  merge(other: FieldProfile): void {
    const mine = this.statistics;
    const theirs = other.statistics;
    mine.present += theirs.present;
    mine.nulls += theirs.nulls;
    mine.blanks += theirs.blanks;
    for (const [type, count] of Object.entries(theirs.types) as Array<[InferredType, number]>) mine.types[type] = (mine.types[type] ?? 0) + count;
    mine.numberRangeWithheld = mine.numberRangeWithheld || theirs.numberRangeWithheld;
    mine.numberRange = mine.numberRangeWithheld ? null : union(mine.numberRange, theirs.numberRange);
    mine.yearRange = union(mine.yearRange, theirs.yearRange);
    mine.lengthRange = union(mine.lengthRange, theirs.lengthRange);
    this.topValues.merge(other.topValues);
    this.patterns.merge(other.patterns);
    this.distinct.merge(other.distinct);
  }

  toStatistics(): FieldStatistics {
    return {
      ...this.statistics,
      types: { ...this.statistics.types },
      topValues: this.topValues.list(),
      otherTopValuesAtMost: this.topValues.otherValuesAtMost,
      patterns: this.patterns.list(),
      otherPatternsAtMost: this.patterns.otherValuesAtMost,
    };
  }
}
