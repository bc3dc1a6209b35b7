import { HttpStatus } from '@nestjs/common';

export type JsonObject = Record<string, unknown>;

/** The limits a push body must keep; each is named after the variable that sets it. */
export interface PushLimits {
  MAX_RECORDS_PER_REQUEST: number;
  MAX_RECORD_BYTES: number;
  MAX_STRING_LENGTH: number;
  MAX_NESTING_DEPTH: number;
  MAX_KEYS_PER_OBJECT: number;
  MAX_KEY_LENGTH: number;
}

/** A limit by its variable, or a character PostgreSQL's jsonb cannot store. */
export type PushRule = keyof Omit<PushLimits, 'MAX_RECORDS_PER_REQUEST'> | 'NUL_CHARACTER' | 'UNPAIRED_SURROGATE';

/** The first problem of one record. The path uses positions only, never keys: keys can be personal data. */
export interface RecordProblem {
  index: number;
  rule: PushRule;
  /** `$[4]{2}[0]`: record 4, the third member of that object, the first item of that array. */
  path?: string;
  maximum?: number;
  actual?: number;
  message: string;
}

export type PushBodyVerdict =
  | { accepted: true; records: JsonObject[]; recordBytes: number[] }
  | { accepted: false; status: HttpStatus; message: string; problems: RecordProblem[] };

export const MAX_LISTED_PROBLEMS = 20;

// Lengths, counts and sizes are "too large"; nesting and characters are malformed content.
const STATUS_OF_RULE: Record<PushRule, HttpStatus> = {
  MAX_RECORD_BYTES: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_STRING_LENGTH: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_KEYS_PER_OBJECT: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_KEY_LENGTH: HttpStatus.PAYLOAD_TOO_LARGE,
  MAX_NESTING_DEPTH: HttpStatus.BAD_REQUEST,
  NUL_CHARACTER: HttpStatus.BAD_REQUEST,
  UNPAIRED_SURROGATE: HttpStatus.BAD_REQUEST,
};

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

function isJsonObject(value: unknown): value is JsonObject {
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
function textProblem(text: string, isKey: boolean, index: number, frame: Frame, limits: PushLimits): RecordProblem | undefined {
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
 * The first problem of a record in document order, or undefined. Walks with an explicit stack
 * (never recursion, so any depth is safe) and stops at the first problem; each value is visited
 * once, so the cost is linear in the record.
 */
export function firstProblemOf(record: JsonObject, index: number, limits: PushLimits): RecordProblem | undefined {
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

function listed(indexes: number[]): string {
  const more = indexes.length > MAX_LISTED_PROBLEMS ? ` and ${indexes.length - MAX_LISTED_PROBLEMS} more` : '';
  return `${indexes.slice(0, MAX_LISTED_PROBLEMS).join(', ')}${more}`;
}

function refused(status: HttpStatus, message: string, problems: RecordProblem[] = []): PushBodyVerdict {
  return { accepted: false, status, message, problems };
}

/**
 * Decides a whole push before anything is published: the body's shape, then every record against
 * every limit. Nothing from the input is quoted back. Records are measured as JSON only once their
 * depth is known to be within the limit, so nothing recursive ever sees a too-deep value.
 */
export function validatePushBody(body: unknown, limits: PushLimits): PushBodyVerdict {
  if (!Array.isArray(body)) return refused(HttpStatus.BAD_REQUEST, 'The body must be a JSON array of record objects');
  if (body.length === 0) return refused(HttpStatus.BAD_REQUEST, 'The body holds no records');
  if (body.length > limits.MAX_RECORDS_PER_REQUEST) {
    return refused(
      HttpStatus.PAYLOAD_TOO_LARGE,
      `At most ${limits.MAX_RECORDS_PER_REQUEST} records per request (MAX_RECORDS_PER_REQUEST); split the push into several`,
    );
  }
  const notObjects = body.flatMap((record: unknown, index) => (isJsonObject(record) ? [] : [index]));
  if (notObjects.length > 0) {
    return refused(HttpStatus.BAD_REQUEST, `Every record must be a JSON object; not at index ${listed(notObjects)}. Nothing was accepted.`);
  }
  const records = body as JsonObject[];
  const problems: RecordProblem[] = [];
  const recordBytes: number[] = [];
  records.forEach((record, index) => {
    const problem = firstProblemOf(record, index, limits);
    if (problem) return void problems.push(problem);
    const bytes = Buffer.byteLength(JSON.stringify(record));
    recordBytes.push(bytes);
    if (bytes > limits.MAX_RECORD_BYTES) {
      const maximum = limits.MAX_RECORD_BYTES;
      problems.push({ index, rule: 'MAX_RECORD_BYTES', maximum, actual: bytes, message: `${bytes} bytes as JSON, over the limit of ${maximum} (MAX_RECORD_BYTES)` });
    }
  });
  if (problems.length === 0) return { accepted: true, records, recordBytes };
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = problems.length > MAX_LISTED_PROBLEMS ? `; and ${problems.length - MAX_LISTED_PROBLEMS} more records` : '';
  const message = `Nothing was accepted: ${shown.map((problem) => `record ${problem.index}: ${problem.message}`).join('; ')}${more}.`;
  return refused(STATUS_OF_RULE[problems[0].rule], message, shown);
}
