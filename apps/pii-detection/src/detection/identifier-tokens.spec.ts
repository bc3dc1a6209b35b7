import type { AnalysisContext, EntityType, Recognizer, RecognizerResult } from './detection.types';
import { createAnalyzer } from './detection.factory';
import { guardIdentifierTokens, IdentifierTokens } from './identifier-tokens';
import { PiiAnalyzer } from './pii-analyzer';

/** Reports `value` wherever it occurs, as a name recognizer gone wrong would. */
class EverywhereRecognizer implements Recognizer {
  readonly supportedEntities: readonly EntityType[];
  readonly supportedLanguages = ['*'];
  constructor(
    readonly name: string,
    private readonly entityType: EntityType,
    private readonly value: string,
    private readonly validated = false,
  ) {
    this.supportedEntities = [entityType];
  }
  analyze(text: string, _context: AnalysisContext): RecognizerResult[] {
    const out: RecognizerResult[] = [];
    for (let i = text.indexOf(this.value); i !== -1; i = text.indexOf(this.value, i + 1)) {
      out.push({ entityType: this.entityType, start: i, end: i + this.value.length, score: this.validated ? 1 : 0.85, recognizer: this.name, validated: this.validated });
    }
    return out;
  }
}

const span = (entityType: EntityType, start: number, end: number, validated = false): RecognizerResult => ({
  entityType,
  start,
  end,
  score: validated ? 1 : 0.85,
  recognizer: 'test',
  validated,
});

describe('IdentifierTokens', () => {
  it('finds the identifier token a position is strictly inside', () => {
    const text = 'id 123e4567-e89b-12d3-a456-426614174000 for Jean-Luc';
    const tokens = new IdentifierTokens(text);
    const inside = tokens.containing(text.indexOf('e89b'));
    expect([tokens.start(inside), tokens.end(inside)]).toEqual([3, 39]);
    expect(tokens.containing(3)).toBe(-1); // the token's own start is not inside
    expect(tokens.containing(39)).toBe(-1);
    expect(tokens.containing(text.indexOf('Luc'))).toBe(-1); // letters only: a word, not an identifier
  });

  it('treats mixed letter/digit runs joined by - _ . / and long mixed-case runs as identifiers', () => {
    for (const id of ['ORD-2024-AB12CD', 'v2.10.4', 'build_7f3a9c', 'img/2024/a1b2', 'd41d8cd98f00b204e9800998ecf8427e', 'aGVsbG9Xb3JsZEZvb0Jhcg']) {
      const text = `x ${id} y`;
      const tokens = new IdentifierTokens(text);
      const inside = tokens.containing(3);
      expect([id, tokens.start(inside), tokens.end(inside)]).toEqual([id, 2, 2 + id.length]);
    }
  });

  it('does not join sentences that lack a space after the full stop', () => {
    const text = 'ticket 42.The rest';
    expect(new IdentifierTokens(text).containing(text.indexOf('The'))).toBe(-1);
  });
});

describe('guardIdentifierTokens', () => {
  it('drops spans that start or end strictly inside an identifier token, keeps whole tokens', () => {
    const text = 'key 123e4567-e89b-12d3-a456-426614174000 and ORD-2024-AB12CD';
    const order = text.indexOf('ORD');
    const kept = guardIdentifierTokens(text, [
      span('PERSON', text.indexOf('e89b'), text.indexOf('e89b') + 4),
      span('PHONE_NUMBER', text.indexOf('426614174000'), text.indexOf('426614174000') + 12),
      span('DATE_TIME', order + 4, order + 8),
      span('URL', order, order + 15),
    ]);
    expect(kept.map((r) => [r.entityType, text.slice(r.start, r.end)])).toEqual([['URL', 'ORD-2024-AB12CD']]);
  });

  it('keeps a validated entity that is a whole segment of a token', () => {
    const text = 'iban_DE89370400440532013000_2024';
    const start = text.indexOf('DE89');
    expect(guardIdentifierTokens(text, [span('IBAN_CODE', start, start + 22, true)])).toHaveLength(1);
    expect(guardIdentifierTokens(text, [span('PERSON', start, start + 22)])).toHaveLength(0);
  });

  it('grows a span of several words over a short token it clips (a house number), never over a long one', () => {
    const text = 'Am Jägerhof 77a, Köln; Main St 12-4f3a9c21e';
    const grown = guardIdentifierTokens(text, [span('STREET_ADDRESS', 0, text.indexOf('77a') + 2)]);
    expect(grown.map((r) => text.slice(r.start, r.end))).toEqual(['Am Jägerhof 77a']);
    const long = text.indexOf('12-4f');
    expect(guardIdentifierTokens(text, [span('STREET_ADDRESS', text.indexOf('Main'), long + 2)])).toHaveLength(0);
  });
});

describe('PiiAnalyzer identifier guard', () => {
  it('never rewrites part of a UUID, whatever recognizer fires inside it (names included)', () => {
    const analyzer = new PiiAnalyzer([new EverywhereRecognizer('names-gone-wrong', 'PERSON', 'dee')]);
    const text = 'join on 6f9619ff-8b86-d011-b42d-00c04fdee478 then email dee';
    expect(analyzer.analyze(text).map((r) => [r.start, r.end])).toEqual([[text.length - 3, text.length]]);
  });

  it('lets a whole-token entity win over a fragment inside it', () => {
    const analyzer = new PiiAnalyzer([new EverywhereRecognizer('fragment', 'PERSON', 'Abe', true), new EverywhereRecognizer('whole', 'US_DRIVER_LICENSE', 'X9Abe7')]);
    expect(analyzer.analyze('licence X9Abe7').map((r) => [r.entityType, r.start, r.end])).toEqual([['US_DRIVER_LICENSE', 8, 14]]);
  });

  it('the real analyzer leaves identifiers whole in free text and in key columns', () => {
    const analyzer = createAnalyzer();
    const ids = [
      '123e4567-e89b-12d3-a456-426614174000',
      'a1b2c3d4-0000-4000-8000-4155550199aa',
      'ORD-2024-AB12CD',
      'INV_2023_000123_Rosa',
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'build-4111111111111111-x',
    ];
    for (const id of ids) {
      for (const text of [id, `Order ${id} was placed by Maria Lopez`]) {
        for (const r of analyzer.analyze(text, { fieldName: 'customer_id' })) {
          const idStart = text.indexOf(id);
          const overlaps = r.start < idStart + id.length && r.end > idStart;
          // A span either covers the identifier's token(s) whole or stays outside it.
          if (overlaps) expect([id, r.start <= idStart, r.end >= idStart + id.length]).toEqual([id, true, true]);
        }
      }
    }
  });
});
