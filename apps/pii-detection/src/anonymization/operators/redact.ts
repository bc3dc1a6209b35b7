/** Removes the span entirely (Presidio's `redact`). */
export function redact(_value: string): string {
  return '';
}
