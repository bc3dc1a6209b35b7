/**
 * Marker for `drop`: the whole field is removed from the record. It has no meaning inside a text,
 * so the record-level code checks for it and deletes the key instead of calling an operator.
 */
export const DROP = Symbol('drop');
export type Dropped = typeof DROP;

export function drop(_value: string): Dropped {
  return DROP;
}

export function isDropped(value: unknown): value is Dropped {
  return value === DROP;
}
