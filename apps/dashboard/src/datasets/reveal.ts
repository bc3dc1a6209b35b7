/** A vault token as pii-detection writes it in place of a value (`tok_` and 26 base32 characters). */
const TOKEN = /\btok_[a-z2-7]{26}\b/g;
export const REVEAL_REASON_MIN_LENGTH = 10;
export const REVEAL_REASON_MAX_LENGTH = 500;

/** The vault tokens in a cell's text, each once, in order. */
export function tokensIn(text: string): string[] {
  return [...new Set(text.match(TOKEN) ?? [])];
}

/** Why a reason cannot be sent yet, or null when it can (the gateway checks the same bounds). */
export function reasonProblem(reason: string): string | null {
  const length = reason.trim().length;
  if (length < REVEAL_REASON_MIN_LENGTH) return `Say why in at least ${REVEAL_REASON_MIN_LENGTH} characters.`;
  if (length > REVEAL_REASON_MAX_LENGTH) return `Keep the reason under ${REVEAL_REASON_MAX_LENGTH} characters.`;
  return null;
}
