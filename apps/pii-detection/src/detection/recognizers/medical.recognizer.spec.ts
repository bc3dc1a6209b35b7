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

describe('MEDICAL_LICENSE', () => {
  it('finds DEA numbers with a valid checksum', () => {
    expect(found('Prescriber DEA AB1234563 signed', 'MEDICAL_LICENSE')).toEqual(['AB1234563']);
    expect(found('registration BJ6125341.', 'MEDICAL_LICENSE')).toEqual(['BJ6125341']);
  });
  it('drops bad checksums and invalid first letters', () => {
    expect(found('DEA AB1234564 and IB1234563', 'MEDICAL_LICENSE')).toEqual([]);
  });
});

describe('UK_NHS', () => {
  it('finds mod-11-valid NHS numbers with context', () => {
    expect(found('NHS number 943 476 5919', 'UK_NHS')).toEqual(['943 476 5919']);
    expect(found('4010232137', 'UK_NHS', 'nhs_no')).toEqual(['4010232137']);
  });
  it('drops bad checksums and needs context for the phone-like shape', () => {
    expect(found('NHS number 943 476 5918', 'UK_NHS')).toEqual([]);
    expect(found('call 943-476-5919', 'UK_NHS')).toEqual([]);
  });
});
