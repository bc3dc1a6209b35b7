import { createPatternRecognizers } from '../default-recognizers';
import type { EntityType } from '../detection.types';
import { PiiAnalyzer } from '../pii-analyzer';

const analyzer = new PiiAnalyzer(createPatternRecognizers());
/** [entity, matched text] pairs after the full pipeline (context, threshold, overlap). */
function detect(text: string, fieldName?: string): [EntityType, string][] {
  return analyzer.analyze(text, { fieldName }).map((r) => [r.entityType, text.slice(r.start, r.end)]);
}
function found(text: string, entity: EntityType, fieldName?: string): string[] {
  return detect(text, fieldName)
    .filter(([e]) => e === entity)
    .map(([, v]) => v);
}

describe('EMAIL_ADDRESS', () => {
  it('finds addresses in sentences (validated)', () => {
    expect(found('Write to harold.smith@gmail.com today.', 'EMAIL_ADDRESS')).toEqual(['harold.smith@gmail.com']);
    expect(found('cc: a.b+tag@mail.example.co.uk, thanks', 'EMAIL_ADDRESS')).toEqual(['a.b+tag@mail.example.co.uk']);
    expect(analyzer.analyze('x harold.smith@gmail.com')[0]).toMatchObject({ validated: true, score: 1 });
  });
  it('reports no URL inside an e-mail address (Presidio #951)', () => {
    expect(detect('Contact harold.smith@gmail.com for details')).toEqual([['EMAIL_ADDRESS', 'harold.smith@gmail.com']]);
  });
  it('rejects near misses', () => {
    expect(found('user@localhost and @handle and a@b.c', 'EMAIL_ADDRESS')).toEqual([]);
  });
});
