import { MaskParams } from './operator.types';

/**
 * Masks characters of the span, Presidio-compatible: `charsToMask` characters from the start (or
 * from the end with `fromEnd`), capped at the span length. `keepLast` masks all but the last N.
 * Counts are in Unicode code points, as Presidio (Python) counts them, so an emoji is one character.
 */
export function mask(value: string, params: MaskParams): string {
  const chars = Array.from(value);
  const total = chars.length;
  let count: number;
  let fromEnd: boolean;
  if (params.keepLast !== undefined) {
    count = Math.max(0, total - params.keepLast);
    fromEnd = false;
  } else {
    count = params.charsToMask === undefined ? total : Math.min(total, Math.max(0, params.charsToMask));
    fromEnd = params.fromEnd ?? false;
  }
  const maskedPart = params.maskingChar.repeat(count);
  return fromEnd ? chars.slice(0, total - count).join('') + maskedPart : maskedPart + chars.slice(count).join('');
}
