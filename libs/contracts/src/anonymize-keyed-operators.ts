/**
 * Operators of Presidio's /anonymize whose output comes from pii-detection's production keys: keyed HMACs, AES-GCM under the
 * derived key, vault tokens. Answered to anyone, /anonymize would be an oracle (hash a guessed
 * value, compare it with protected data), so requests using them need pii:admin (checked by the gateway and by pii-detection, before any work).
 */
export const KEYED_OPERATORS: ReadonlySet<string> = new Set(['hash', 'encrypt', 'tokenize']);

/** Whether an /anonymize body asks for a keyed operator anywhere in its `anonymizers` (read before any other work). */
export function usesKeyedOperator(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const anonymizers = (body as { anonymizers?: unknown }).anonymizers;
  if (typeof anonymizers !== 'object' || anonymizers === null) return false;
  return Object.values(anonymizers).some((operator) => {
    const type = typeof operator === 'object' && operator !== null ? (operator as { type?: unknown }).type : undefined;
    return typeof type === 'string' && KEYED_OPERATORS.has(type);
  });
}
