/** A record as it enters Atlas: any JSON object. */
export type JsonObject = Record<string, unknown>;

/** The limits every record entering Atlas must keep, whatever its source; each is named after the variable that sets it. */
export interface RecordLimits {
  MAX_RECORD_BYTES: number;
  MAX_STRING_LENGTH: number;
  MAX_NESTING_DEPTH: number;
  MAX_KEYS_PER_OBJECT: number;
  MAX_KEY_LENGTH: number;
}

/** The defaults of the gateway's push limits, used by sources that have no limits of their own. */
export const DEFAULT_RECORD_LIMITS: Readonly<RecordLimits> = {
  MAX_RECORD_BYTES: 512 * 1024,
  MAX_STRING_LENGTH: 100000,
  MAX_NESTING_DEPTH: 32,
  MAX_KEYS_PER_OBJECT: 1000,
  MAX_KEY_LENGTH: 256,
};

/** A limit by its variable, or a character PostgreSQL's jsonb cannot store. */
export type RecordRule = keyof RecordLimits | 'NUL_CHARACTER' | 'UNPAIRED_SURROGATE';

/** The first problem of one record. The path uses positions only, never keys: keys can be personal data. */
export interface RecordProblem {
  index: number;
  rule: RecordRule;
  /** `$[4]{2}[0]`: record 4, the third member of that object, the first item of that array. */
  path?: string;
  maximum?: number;
  actual?: number;
  message: string;
}

// In Unicode mode a well-formed surrogate pair is one code point, so only unpaired halves match.
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** One value still to visit; parents are linked so a path is built only for a problem. */
interface Frame {
  value: unknown;
  /** Nesting level of `value` when it is an object or array; the record is 1. */
  depth: number;
  parent: Frame | undefined;
  /** Position within the parent: array index or member position. */
  position: number;
  /** Set for object members: the key to check. */
  key?: string;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathOf(frame: Frame): string {
  const segments: string[] = [];
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    segments.push(current.key === undefined ? `[${current.position}]` : `{${current.position}}`);
  }
  return `$${segments.reverse().join('')}`;
}

function lengthProblem(rule: 'MAX_STRING_LENGTH' | 'MAX_KEY_LENGTH', index: number, path: string, actual: number, maximum: number): RecordProblem {
  const what = rule === 'MAX_KEY_LENGTH' ? 'a key' : 'a string';
  return { index, rule, path, maximum, actual, message: `${what} at ${path} has ${actual} characters, over the limit of ${maximum} (${rule})` };
}

/** Checks one string or key; every check is a single native pass over it. */
function textProblem(text: string, isKey: boolean, index: number, frame: Frame, limits: Omit<RecordLimits, 'MAX_RECORD_BYTES'>): RecordProblem | undefined {
  const maximum = isKey ? limits.MAX_KEY_LENGTH : limits.MAX_STRING_LENGTH;
  if (text.length > maximum) return lengthProblem(isKey ? 'MAX_KEY_LENGTH' : 'MAX_STRING_LENGTH', index, pathOf(frame), text.length, maximum);
  const what = isKey ? 'a key' : 'a string';
  if (text.includes('\u0000')) {
    const path = pathOf(frame);
    return { index, rule: 'NUL_CHARACTER', path, message: `${what} at ${path} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store` };
  }
  if (UNPAIRED_SURROGATE.test(text)) {
    const path = pathOf(frame);
    return { index, rule: 'UNPAIRED_SURROGATE', path, message: `${what} at ${path} holds an unpaired UTF-16 surrogate, which PostgreSQL jsonb cannot store` };
  }
  return undefined;
}

/**
 * The first problem of a record in document order, or undefined; MAX_RECORD_BYTES is checked by
 * the caller, which knows the record's size. Walks with an explicit stack (never recursion, so any
 * depth is safe) and stops at the first problem; each value is visited once (linear in the record).
 */
export function firstProblemOf(record: JsonObject, index: number, limits: Omit<RecordLimits, 'MAX_RECORD_BYTES'>): RecordProblem | undefined {
  const stack: Frame[] = [{ value: record, depth: 1, parent: undefined, position: index }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.key !== undefined) {
      const problem = textProblem(frame.key, true, index, frame, limits);
      if (problem) return problem;
    }
    const { value } = frame;
    if (typeof value === 'string') {
      const problem = textProblem(value, false, index, frame, limits);
      if (problem) return problem;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (frame.depth > limits.MAX_NESTING_DEPTH) {
      const path = pathOf(frame);
      const maximum = limits.MAX_NESTING_DEPTH;
      return { index, rule: 'MAX_NESTING_DEPTH', path, maximum, message: `the value at ${path} nests deeper than the limit of ${maximum} levels (MAX_NESTING_DEPTH)` };
    }
    const depth = frame.depth + 1;
    if (Array.isArray(value)) {
      // Pushed in reverse so they are visited in document order.
      for (let position = value.length - 1; position >= 0; position--) stack.push({ value: value[position], depth, parent: frame, position });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.MAX_KEYS_PER_OBJECT) {
      const path = pathOf(frame);
      const maximum = limits.MAX_KEYS_PER_OBJECT;
      return { index, rule: 'MAX_KEYS_PER_OBJECT', path, maximum, actual: keys.length, message: `the object at ${path} has ${keys.length} keys, over the limit of ${maximum} (MAX_KEYS_PER_OBJECT)` };
    }
    for (let position = keys.length - 1; position >= 0; position--) {
      const key = keys[position];
      stack.push({ value: (value as JsonObject)[key], depth, parent: frame, position, key });
    }
  }
  return undefined;
}

/** The problem of a record that takes `bytes` bytes as JSON over MAX_RECORD_BYTES, or undefined. */
export function sizeProblemOf(bytes: number, index: number, limits: Pick<RecordLimits, 'MAX_RECORD_BYTES'>): RecordProblem | undefined {
  const maximum = limits.MAX_RECORD_BYTES;
  if (bytes <= maximum) return undefined;
  return { index, rule: 'MAX_RECORD_BYTES', maximum, actual: bytes, message: `${bytes} bytes as JSON, over the limit of ${maximum} (MAX_RECORD_BYTES)` };
}

/**
 * Every limit for a record read by a connector: its content first (so nothing recursive ever sees
 * a too-deep value), then its size as the JSON that will be published.
 */
export function recordProblemOf(record: JsonObject, index: number, limits: RecordLimits): RecordProblem | undefined {
  return firstProblemOf(record, index, limits) ?? sizeProblemOf(Buffer.byteLength(JSON.stringify(record)), index, limits);
}
