/** Leaves the span unchanged; the entity is still reported (Presidio's `keep`). */
export function keep(value: string): string {
  return value;
}
