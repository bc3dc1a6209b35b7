import { BadRequestException } from '@nestjs/common';

/** One value of a sort key: text (ids, timestamps with microseconds) or a whole number. */
export type CursorValue = string | number;

/** Longest cursor any list accepts: a few key values of bounded text, base64url-encoded. */
export const MAX_CURSOR_LENGTH = 8192;

const CURSOR_VERSION = 1;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** 400 `cursor_invalid`, the same for every list; the cursor itself is never quoted. */
export function cursorInvalid(): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'cursor_invalid', message: 'cursor is not one this list returned for this sort (pass nextCursor unchanged)' });
}

/**
 * The one cursor codec of every list: base64url of the JSON `[1, scope, ...key]`, where the scope names
 * the list and its sort (`audit:-at`) and the key is the sort key of the last item served. Clients
 * treat it as opaque; the scope makes a cursor of another list, or of another sort, a 400.
 */
export function encodeCursor(scope: string, key: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, scope, ...key]), 'utf8').toString('base64url');
}

/**
 * The sort key in a cursor this list issued for this sort; `isKey` checks the key's shape (so a forged
 * cursor never reaches a query). Anything else is 400 `cursor_invalid`.
 */
export function decodeCursor<Key extends CursorValue[]>(cursor: string, scope: string, isKey: (key: CursorValue[]) => key is Key): Key;
export function decodeCursor(cursor: string, scope: string, isKey: (key: CursorValue[]) => boolean): CursorValue[];
export function decodeCursor(cursor: string, scope: string, isKey: (key: CursorValue[]) => boolean): CursorValue[] {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw cursorInvalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorInvalid();
  }
  if (!Array.isArray(decoded) || decoded[0] !== CURSOR_VERSION || decoded[1] !== scope) throw cursorInvalid();
  const key: unknown[] = decoded.slice(2);
  const values = key.every((value) => typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)));
  if (key.length === 0 || !values || !isKey(key as CursorValue[])) throw cursorInvalid();
  return key as CursorValue[];
}

/** The key of an optional cursor (undefined on the first page). */
export function cursorKey(cursor: string | undefined, scope: string, isKey: (key: CursorValue[]) => boolean): CursorValue[] | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, scope, isKey);
}

/** Shapes of key values, for `isKey`. */
export const CURSOR_SHAPES = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /** A UTC timestamp with microseconds (a JS Date would drop them and repeat rows). */
  microsecondTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  positiveInteger: /^[1-9]\d{0,18}$/,
  /** Names and ids compared as text: bounded, and no NUL, which PostgreSQL text cannot hold. */
  // eslint-disable-next-line no-control-regex -- NUL is what this shape keeps out
  text: /^[^\u0000]{1,4096}$/,
  /** The same, possibly empty (a window's segment: '' for the overall window). */
  // eslint-disable-next-line no-control-regex -- NUL is what this shape keeps out
  textOrEmpty: /^[^\u0000]{0,4096}$/,
} as const;

/** `isKey` for a key of text values each matching its shape, in order. */
export function textKey(...shapes: RegExp[]): (key: CursorValue[]) => boolean {
  return (key) => key.length === shapes.length && key.every((value, index) => typeof value === 'string' && shapes[index].test(value));
}
