import { createAnalyzer } from './detection.factory';
import { PatternRecognizer } from './recognizers/pattern-recognizer';
import { textFeatures } from './text-features';

describe('textFeatures', () => {
  it('measures digit runs and digit groups joined by one of . - / or space, or two spaces', () => {
    expect(textFeatures('Ticket 100123 opened by ada.novak17@example.com')).toMatchObject({ digits: 8, longestDigitRun: 6, longestDigitGroup: 6 });
    expect(textFeatures('SSN 123-45-6789 and 4111  1111 1111 1111')).toMatchObject({ longestDigitRun: 4, longestDigitGroup: 16 });
    expect(textFeatures('1 84 12 76 451 089 46')).toMatchObject({ longestDigitRun: 3, longestDigitGroup: 15 });
    expect(textFeatures('12 - 34')).toMatchObject({ longestDigitRun: 2, longestDigitGroup: 2 });
    expect(textFeatures('12   34')).toMatchObject({ longestDigitGroup: 2 });
    expect(textFeatures('12/34.56-78 9')).toMatchObject({ longestDigitGroup: 9 });
    expect(textFeatures('no digits')).toMatchObject({ digits: 0, longestDigitRun: 0, longestDigitGroup: 0 });
  });

  // Identifiers as people write them: every pattern that matches one of these must pass its prefilters,
  // or a prefilter would hide a real identifier.
  const WRITTEN_IDENTIFIERS = [
    '123-45-6789', '123 45 6789', '123.45.6789', '912-70-1234', '912701234', '078051120', 'C12345678', '123456789',
    'A1234567', 'AB123456', 'AB12345678C', '12ABC34567', '123AB4567', '12345678AB', '1234567A', 'WDL1ABCD2EFG', 'A123-456-78-901-2',
    'A123-4567-8901-23', 'A12-34-5678', '1234567', '1234567890123', 'AB1234563', 'BJ1234563', '943 476 5919', '943-476-5919', '9434765919',
    '4111 1111 1111 1111', '4111-1111-1111-1111', '4111  1111  1111  1111', '4111111111111111', '378282246310005', '12345678901234',
    '12345678Z', 'K1234567L', 'X1234567L', 'RSSMRA85T10A562S', '1 84 12 76 451 089 46', '2 84 12 2A 451 089 46', '184127645108946',
    '12 345 678 901', '12345678901', '1234.56.789', '123 456 789', '44051401359', '811228-9874', '19811228-9874', '8112289874',
    '131052-308T', '123 456 789', '85.07.30-033.28', '85073003328', '070761-4285', '0707614285', '1237 010180', '1237010180', '1234567T', '1234567TW',
  ];

  it('never skips a pattern on a text the pattern matches', () => {
    const recognizers = createAnalyzer().recognizers().filter((r): r is PatternRecognizer => r instanceof PatternRecognizer);
    let checked = 0;
    for (const recognizer of recognizers) {
      const internals = recognizer as unknown as { prefilter?: (f: ReturnType<typeof textFeatures>, t: string) => boolean; patterns: Array<{ name: string; regex: RegExp; prefilter?: (f: ReturnType<typeof textFeatures>, t: string) => boolean }> };
      for (const pattern of internals.patterns) {
        for (const identifier of WRITTEN_IDENTIFIERS) {
          const text = `ref ${identifier} here`;
          pattern.regex.lastIndex = 0;
          if (!pattern.regex.test(text)) continue;
          pattern.regex.lastIndex = 0;
          checked++;
          const features = textFeatures(text);
          const passes = (internals.prefilter?.(features, text) ?? true) && (pattern.prefilter?.(features, text) ?? true);
          expect({ pattern: pattern.name, identifier, passes }).toEqual({ pattern: pattern.name, identifier, passes: true });
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});
