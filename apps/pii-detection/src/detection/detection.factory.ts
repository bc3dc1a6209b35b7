import { createPatternRecognizers } from './default-recognizers';
import { createNameRecognizers } from './names';
import { PiiAnalyzer } from './pii-analyzer';

/** The analyzer the service runs: every pattern recognizer plus the names, places and groups in free text. */
export function createAnalyzer(): PiiAnalyzer {
  return new PiiAnalyzer([...createPatternRecognizers(), ...createNameRecognizers()]);
}
