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

describe('STREET_ADDRESS', () => {
  it('finds US/UK style addresses with unit and city/state/ZIP', () => {
    expect(found('Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 today', 'STREET_ADDRESS')).toEqual(['1600 Pennsylvania Avenue NW, Washington, DC 20500']);
    expect(found('We are at 15 Millicent Drive, Suite 459 now', 'STREET_ADDRESS')).toEqual(['15 Millicent Drive, Suite 459']);
    expect(found('Office: 221B Baker St. London', 'STREET_ADDRESS')).toEqual(['221B Baker St.']);
  });
  it('finds continental and Nordic forms and PO boxes', () => {
    expect(found('Shannon lives at 19 rue La Boétie, PARIS', 'STREET_ADDRESS')).toEqual(['19 rue La Boétie']);
    expect(found('Adresse: Obere Bahnhofstrasse 9, Bassersdorf', 'STREET_ADDRESS')).toEqual(['Obere Bahnhofstrasse 9']);
    expect(found('Send it to P.O. Box 101 please', 'STREET_ADDRESS')).toEqual(['P.O. Box 101']);
    expect(found('Kromwater 38\n Apt. 705\n Zoetermeer', 'STREET_ADDRESS')).toEqual(['Kromwater 38\n Apt. 705']);
  });
  it('does not flag ordinary sentences with numbers', () => {
    expect(found('I parked 3 cars in the park and walked 2 miles', 'STREET_ADDRESS')).toEqual([]);
    expect(found('The brigade 5 arrived during 5 minutes', 'STREET_ADDRESS')).toEqual([]);
    expect(found('Chapter 12 covers the main street of history', 'STREET_ADDRESS')).toEqual([]);
  });
});
