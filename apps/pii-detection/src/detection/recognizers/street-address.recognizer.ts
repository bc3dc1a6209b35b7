import type { AnalysisContext, EntityType, Recognizer, RecognizerResult } from '../detection.types';
import { extendAddressBlock } from './street-address/address-block';
import { joinIntersections } from './street-address/intersections';
import { findNumberedLines } from './street-address/numbered-lines';
import { createStreetAddressPatterns } from './street-address/street-patterns';

/**
 * STREET_ADDRESS: structural patterns only (house number + street name + suffix, continental
 * prefix/compound street words + number, PO boxes), then extended over the rest of the address
 * block (unit, city, region, postal code, country). Measured on presidio-research data; see the report.
 */
export class StreetAddressRecognizer implements Recognizer {
  readonly name = 'StreetAddressRecognizer';
  readonly supportedEntities: readonly EntityType[] = ['STREET_ADDRESS'];
  readonly supportedLanguages: readonly string[] = ['*'];
  private readonly patterns = createStreetAddressPatterns();

  analyze(text: string, context: AnalysisContext): RecognizerResult[] {
    const found = this.patterns.analyze(text, context).sort((a, b) => a.start - b.start || b.end - a.end);
    // A match that ends inside an earlier, already extended block adds nothing (joinIntersections drops it):
    // it is not extended again, so each stretch of text is read by one extension (linear).
    let reach = 0;
    for (let i = 0; i < found.length; i++) {
      const r = found[i];
      if (r.end <= reach) continue;
      const ext = extendAddressBlock(text, r.start, r.end);
      const end = ext.end;
      reach = Math.max(reach, end);
      // A town then a postcode, region or country after the street confirms even a lower-case street ("49 marino street⏎ lycksele⏎ cape verde 18938").
      if (end !== r.end) found[i] = { ...r, end, score: Math.min(0.85, ext.confirmed ? Math.max(0.65, r.score + 0.05) : r.score + 0.05) };
    }
    findNumberedLines(text, found, this.name);
    return found.length > 0 ? joinIntersections(text, found) : found;
  }
}

export function createStreetAddressRecognizer(): Recognizer {
  return new StreetAddressRecognizer();
}
