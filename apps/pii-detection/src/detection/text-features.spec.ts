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

  it('counts digit joints, capital-digit joints, alphanumeric runs and loose digit runs', () => {
    expect(textFeatures('On 2024-01-15 at 10.0.0.1, 12/34')).toMatchObject({ digitDashDigit: 2, digitDotDigit: 3, digitSlashDigit: 1, colons: 0, hyphens: 2 });
    expect(textFeatures('DL 12ABC34567 or A1 b2')).toMatchObject({ upperDigitJoints: 3, longestAlnumRun: 10 });
    expect(textFeatures('Ticket 100123 for ann17@x.org')).toMatchObject({ shortestLooseDigitRun: 6 });
    expect(textFeatures('Ticket 100123, 221b Baker Street')).toMatchObject({ shortestLooseDigitRun: 3 });
    expect(textFeatures('ann17 and bob2')).toMatchObject({ shortestLooseDigitRun: 0 });
    expect(textFeatures('7')).toMatchObject({ shortestLooseDigitRun: 1, longestAlnumRun: 1 });
    expect(textFeatures('a:b:c')).toMatchObject({ colons: 2, hasColon: true, nonAscii: 0 });
    expect(textFeatures('José Łódź')).toMatchObject({ letters: 4, upper: 1, nonAscii: 4 });
  });

  it('counts runs of exactly four digits and IBAN-like openings (two letters, two digits)', () => {
    expect(textFeatures('born 1999, ticket 100123, 12345, code 2024')).toMatchObject({ fourDigitRuns: 2 });
    expect(textFeatures('1999')).toMatchObject({ fourDigitRuns: 1 });
    expect(textFeatures('123 12345 1.23456')).toMatchObject({ fourDigitRuns: 0 });
    expect(textFeatures('DE89 3704, de89370400440532013000, (GB29NWBK)')).toMatchObject({ twoLettersTwoDigits: 3 });
    expect(textFeatures('NL9 ABC12 x1DE89 muller14 D1234')).toMatchObject({ twoLettersTwoDigits: 0 });
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

  // Other things the pattern recognizers find: dates, addresses, network and crypto identifiers.
  const WRITTEN_VALUES = [
    '2024-01-15', '2024-01-15T10:30:00Z', '15/01/2024', '1.2.2023', '15-01-24', '2024/01/15', '2024.1.5', '01/2024', '01/24', 'born in 1999',
    '10.0.0.1', '192.168.1.254/24', '00:1A:2B:3C:4D:5E', '00-1a-2b-3c-4d-5e', '001a.2b3c.4d5e', 'fe80::1ff:fe23:4567:890a',
    '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    '0x52908400098527886E0F7030069857D2E4169EE7', 'https://example.org/a', 'www.example.org', 'example.org', 'ann.lee@example.org',
    'see...ann@x.org', '221B Baker Street', '12 rue de la Paix', 'rue de la Paix 12', 'Brucknerweg 141', 'PO Box 1234', 'P.O. Box 77',
    'Kromwater 38 Apt. 705', '38 N. Stadion Suite 056', 'zip code 35649', 'USNS Mercy FPO AP 96667', 'Via Roma 5', 'ul. Asnyka 82',
    'Am Jägerhof 77a', '811228-9874', '131052A308T', '131052+308T', '12345678-Z', 'X-1234567-L', '1234567TW',
  ];

  it('never skips a pattern on a text the pattern matches', () => {
    const recognizers = createAnalyzer().recognizers().filter((r): r is PatternRecognizer => r instanceof PatternRecognizer);
    let checked = 0;
    for (const recognizer of recognizers) {
      const internals = recognizer as unknown as { prefilter?: (f: ReturnType<typeof textFeatures>, t: string) => boolean; patterns: Array<{ name: string; regex: RegExp; prefilter?: (f: ReturnType<typeof textFeatures>, t: string) => boolean }> };
      for (const pattern of internals.patterns) {
        for (const identifier of [...WRITTEN_IDENTIFIERS, ...WRITTEN_VALUES]) {
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
    expect(checked).toBeGreaterThan(100);
  });

  it('finds the same matches when a pattern jumps to its next possible start', () => {
    const recognizers = createAnalyzer().recognizers().filter((r): r is PatternRecognizer => r instanceof PatternRecognizer);
    const texts = [
      ...WRITTEN_VALUES.map((value) => `ref ${value} here. And a.b@c.de, x.y..z@q.org, see www.x.org or foo.com/a?b; @@ a@b.c.d.com.. end.`),
      'mail: ann.lee@example.org, bob@x.co.uk--and (carol@mail.example.net)...dan@host.io',
      'hosts a.co..b.co. c-d.example.com_x e.f@ g.hi/path @j.kl m.no@ @',
      'Go to WWW.Example.org, wWw.a.io/x, awww.b.co, @www.c.de, ww.d.com and www.www.e.fr.',
    ];
    let compared = 0;
    let matched = 0;
    for (const recognizer of recognizers) {
      const internals = recognizer as unknown as { patterns: Array<{ regex: RegExp; nextStart?: (text: string, from: number) => number }> };
      for (const pattern of internals.patterns) {
        if (!pattern.nextStart) continue;
        for (const text of texts) {
          pattern.regex.lastIndex = 0;
          const everyMatch = [...text.matchAll(pattern.regex)].map((m) => [m.index, m[0]]);
          const jumped: Array<[number, string]> = [];
          pattern.regex.lastIndex = 0;
          for (;;) {
            const start = pattern.nextStart(text, pattern.regex.lastIndex);
            if (start < 0) break;
            pattern.regex.lastIndex = start;
            const m = pattern.regex.exec(text);
            if (!m) break;
            jumped.push([m.index, m[0]]);
          }
          expect(jumped).toEqual(everyMatch);
          compared++;
          matched += everyMatch.length;
        }
      }
    }
    // Three patterns jump (e-mail, www and bare domain); they find plenty in these texts.
    expect(compared).toBe(3 * texts.length);
    expect(matched).toBeGreaterThan(150);
  });
});
