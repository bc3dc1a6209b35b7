/** A span of personal data found in a string: offsets into the original value, never the value. */
export interface DetectedSpan {
  entityType: string;
  start: number;
  end: number;
  score: number;
}

// Local part per RFC 5322 "dot-atom"; domain labels of 1-63 characters and an alphabetic TLD.
const EMAIL_PATTERN =
  /(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])/g;

/** Finds e-mail addresses in free text or in a field value. */
export function detectEmailAddresses(text: string): DetectedSpan[] {
  if (!text.includes('@')) return [];
  const spans: DetectedSpan[] = [];
  for (const match of text.matchAll(EMAIL_PATTERN)) {
    const start = match.index;
    spans.push({ entityType: 'EMAIL_ADDRESS', start, end: start + match[0].length, score: 1 });
  }
  return spans;
}
