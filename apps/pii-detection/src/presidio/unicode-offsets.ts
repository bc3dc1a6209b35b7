const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Presidio (Python) counts offsets in Unicode code points; JavaScript strings count UTF-16 units.
 * They differ only after a character outside the BMP (e.g. an emoji), so plain text takes the
 * identity fast path.
 */
export interface OffsetMapper {
  toCodePoint(utf16Offset: number): number;
  /** Undefined when the offset is past the end of the text. */
  toUtf16(codePointOffset: number): number | undefined;
  readonly codePointLength: number;
}

export function offsetMapper(text: string): OffsetMapper {
  if (!SURROGATE.test(text)) {
    return { toCodePoint: (offset) => offset, toUtf16: (offset) => (offset <= text.length ? offset : undefined), codePointLength: text.length };
  }
  // utf16Starts[i] = UTF-16 index of code point i; one extra entry for the end of the text.
  const utf16Starts: number[] = [];
  const codePointAt = new Int32Array(text.length + 1);
  let index = 0;
  for (const char of text) {
    codePointAt[index] = utf16Starts.length;
    if (char.length === 2) codePointAt[index + 1] = utf16Starts.length + 1;
    utf16Starts.push(index);
    index += char.length;
  }
  codePointAt[text.length] = utf16Starts.length;
  utf16Starts.push(text.length);
  return {
    toCodePoint: (offset) => codePointAt[offset],
    toUtf16: (offset) => utf16Starts[offset],
    codePointLength: utf16Starts.length - 1,
  };
}
