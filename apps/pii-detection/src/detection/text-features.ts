/**
 * Cheap per-text features computed once and shared by all recognizers (single-entry cache keyed by
 * the text), so each recognizer can skip texts that cannot contain its entity.
 */
export interface TextFeatures {
  /** Number of ASCII digits. */
  digits: number;
  /** Number of ASCII letters. */
  letters: number;
  upper: number;
  hasAt: boolean;
  hasColon: boolean;
  hasDot: boolean;
  hasPlus: boolean;
}

let lastText: string | undefined;
let lastFeatures: TextFeatures | undefined;

export function textFeatures(text: string): TextFeatures {
  if (text === lastText && lastFeatures) return lastFeatures;
  let digits = 0;
  let letters = 0;
  let upper = 0;
  let hasAt = false;
  let hasColon = false;
  let hasDot = false;
  let hasPlus = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c >= 97 && c <= 122) letters++;
    else if (c === 64) hasAt = true;
    else if (c === 58) hasColon = true;
    else if (c === 46) hasDot = true;
    else if (c === 43) hasPlus = true;
  }
  lastText = text;
  lastFeatures = { digits, letters, upper, hasAt, hasColon, hasDot, hasPlus };
  return lastFeatures;
}
