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

/**
 * An object or array being walked, with how far its walk got; parents are linked so a path is built
 * only for a problem. Strings, numbers and the like are checked in place, without a frame of their own.
 */
interface Frame {
  value: object;
  /** Nesting level of `value`; the record is 1. */
  depth: number;
  parent: Frame | undefined;
  /** Position within the parent: array index or member position. */
  position: number;
  /** Whether `value` is an object member (its position prints as `{n}`), not an array item (`[n]`). */
  member: boolean;
  /** The object's keys (undefined for an array), and the next child to visit. */
  keys: string[] | undefined;
  next: number;
}

/** Where a value sits: its container's frame and its position there. */
interface Place {
  parent: Frame | undefined;
  position: number;
  member: boolean;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathOf(place: Place): string {
  const segments: string[] = [];
  for (let current: Place | undefined = place; current; current = current.parent) {
    segments.push(current.member ? `{${current.position}}` : `[${current.position}]`);
  }
  return `$${segments.reverse().join('')}`;
}

function lengthProblem(rule: 'MAX_STRING_LENGTH' | 'MAX_KEY_LENGTH', index: number, path: string, actual: number, maximum: number): RecordProblem {
  const what = rule === 'MAX_KEY_LENGTH' ? 'a key' : 'a string';
  return { index, rule, path, maximum, actual, message: `${what} at ${path} has ${actual} characters, over the limit of ${maximum} (${rule})` };
}

/** The path of the child at `position` of `parent`, built only for a problem (most values have none). */
function childPath(parent: Frame, position: number): string {
  return pathOf({ parent, position, member: parent.keys !== undefined });
}

/** Checks one string or key, the child at `position` of `parent`; every check is a single native pass over it. */
function textProblem(text: string, isKey: boolean, index: number, parent: Frame, position: number, limits: Omit<RecordLimits, 'MAX_RECORD_BYTES'>): RecordProblem | undefined {
  const maximum = isKey ? limits.MAX_KEY_LENGTH : limits.MAX_STRING_LENGTH;
  if (text.length > maximum) return lengthProblem(isKey ? 'MAX_KEY_LENGTH' : 'MAX_STRING_LENGTH', index, childPath(parent, position), text.length, maximum);
  const what = isKey ? 'a key' : 'a string';
  if (text.includes('\u0000')) {
    const at = childPath(parent, position);
    return { index, rule: 'NUL_CHARACTER', path: at, message: `${what} at ${at} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store` };
  }
  // Not well formed: it holds a surrogate half without its pair.
  if (!text.isWellFormed()) {
    const at = childPath(parent, position);
    return { index, rule: 'UNPAIRED_SURROGATE', path: at, message: `${what} at ${at} holds an unpaired UTF-16 surrogate, which PostgreSQL jsonb cannot store` };
  }
  return undefined;
}

/** The problem of an object or array reached at `frame`'s depth, before its children are visited. */
function containerProblem(frame: Frame, index: number, limits: Omit<RecordLimits, 'MAX_RECORD_BYTES'>): RecordProblem | undefined {
  if (frame.depth > limits.MAX_NESTING_DEPTH) {
    const path = pathOf(frame);
    const maximum = limits.MAX_NESTING_DEPTH;
    return { index, rule: 'MAX_NESTING_DEPTH', path, maximum, message: `the value at ${path} nests deeper than the limit of ${maximum} levels (MAX_NESTING_DEPTH)` };
  }
  if (frame.keys && frame.keys.length > limits.MAX_KEYS_PER_OBJECT) {
    const path = pathOf(frame);
    const maximum = limits.MAX_KEYS_PER_OBJECT;
    const actual = frame.keys.length;
    return { index, rule: 'MAX_KEYS_PER_OBJECT', path, maximum, actual, message: `the object at ${path} has ${actual} keys, over the limit of ${maximum} (MAX_KEYS_PER_OBJECT)` };
  }
  return undefined;
}

function frameOf(value: object, depth: number, place: Place): Frame {
  return { value, depth, ...place, keys: Array.isArray(value) ? undefined : Object.keys(value), next: 0 };
}

/**
 * The first problem of a record in document order, or undefined; MAX_RECORD_BYTES is checked by
 * the caller, which knows the record's size. Walks with an explicit stack of the objects and arrays
 * being visited (never recursion, so any depth is safe) and stops at the first problem; each value is
 * visited once (linear in the record), and only objects and arrays get a frame.
 */
export function firstProblemOf(record: JsonObject, index: number, limits: Omit<RecordLimits, 'MAX_RECORD_BYTES'>): RecordProblem | undefined {
  const root = frameOf(record, 1, { parent: undefined, position: index, member: false });
  const rootProblem = containerProblem(root, index, limits);
  if (rootProblem) return rootProblem;
  const stack: Frame[] = [root];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const { keys } = frame;
    const size = keys ? keys.length : (frame.value as unknown[]).length;
    if (frame.next >= size) {
      stack.pop();
      continue;
    }
    const position = frame.next++;
    let child: unknown;
    if (keys) {
      const key = keys[position];
      const problem = textProblem(key, true, index, frame, position, limits);
      if (problem) return problem;
      child = (frame.value as JsonObject)[key];
    } else {
      child = (frame.value as unknown[])[position];
    }
    if (typeof child === 'string') {
      const problem = textProblem(child, false, index, frame, position, limits);
      if (problem) return problem;
    } else if (typeof child === 'object' && child !== null) {
      const childFrame = frameOf(child, frame.depth + 1, { parent: frame, position, member: keys !== undefined });
      const problem = containerProblem(childFrame, index, limits);
      if (problem) return problem;
      stack.push(childFrame);
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
