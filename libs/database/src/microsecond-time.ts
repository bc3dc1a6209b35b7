/**
 * SQL text of a timestamptz as UTC ISO-8601 with microseconds: what a keyset cursor must hold, since
 * a JS Date keeps milliseconds only and a cursor rounded down would serve rows again.
 */
export function utcMicroseconds(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
