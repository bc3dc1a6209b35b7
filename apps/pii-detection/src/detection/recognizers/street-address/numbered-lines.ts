import type { RecognizerResult } from '../../detection.types';
import { hasLooseNumberUpTo, textFeatures } from '../../text-features';
import { extendAddressBlock } from './address-block';
import { CAP_SEQ, LOWER_WORD, UNIT } from './street-words';

const NUMBERED_LINE = new RegExp(
  `(?<![\\p{L}\\p{N}.,/:-])(?:\\d{1,5}[ \\t]+)?(?:\\d{1,5}[a-zA-Z]?[ \\t]+${CAP_SEQ}(?:[ \\t]+\\d{1,5}[a-zA-Z]?)?|${CAP_SEQ}[ \\t]+\\d{1,5}[a-zA-Z]?)(?![\\p{L}\\p{N}])${UNIT}?`,
  'gu',
);
/** Sentence words that never name a street in an all-lower-case line ("i have 3 kids and 2 dogs"). */
const LOWER_STREET_WORD = `(?!(?:and|or|of|the|a|an|at|in|on|to|for|from|by|with|is|are|was|were|be|have|has|had|i|we|you|he|she|they|it|my|our|your|his|her|their|page|room|table|version|step|chapter|part|item|line|level|week|day|year|month|age|aged|about|over|under|than)(?![\\p{L}\\p{M}]))${LOWER_WORD}`;
/**
 * The same line written all in lower case ("96 törneby 2", "kromwater 38"): it counts only when a
 * place block confirms it (town, then postcode/region/country after a comma or line break), never on a cue alone.
 */
const LOWER_NUMBERED_LINE = new RegExp(
  `(?<![\\p{L}\\p{N}.,/:-])(?:\\d{1,5}[ \\t]+)?(?:${LOWER_STREET_WORD}[ \\t]+){1,3}\\d{1,5}[a-z]?(?![\\p{L}\\p{N}])${UNIT}?`,
  'gu',
);
/**
 * "<name> and " right before the line, after a place preposition, a colon or a line break: the first street of an
 * intersection, which confirms the line ("arrived at Bryan and Meierigaten 206", "Mille and Truhlářská 996").
 */
const INTERSECTION_CUE = /(?:[\n:][ \t]*|(?<![\p{L}])(?:at|to)[ \t]+)\p{Lu}[\p{L}\p{M}'’-]{1,30}[ \t]+(?:and|&)[ \t]+$/u;
const HAS_NUMBERED_LINE = /\d[ \t]+\p{Lu}|\p{L}[ \t]+\d/u;
const HAS_LOWER_NUMBERED_LINE = /\p{Ll}[ \t]+\d/u;
const HAS_BLOCK_SEPARATOR = /[,\n]/;
/** A number that counts something ("Tom and Jerry 3 times", "kids 2 years"), not a house number. */
const COUNTED =
  /^[ \t]*(?:times?|x|pm|am|o'clock|hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|months?|years?|people|persons?|kids|children|points?|goals?|percent|%|km|miles?|kg|lbs?|euros?|dollars?)(?![\p{L}])/iu;
const HAS_CAPITAL = /\p{Lu}/u;
const HAS_AND = /[ \t](?:and|&)[ \t]/;
/** Key words of {@link ADDRESS_CUE}: a one-line address after a cue needs no separator ("his address: 76 Stubben 149"). */
const HAS_CUE_WORD = /address|live|locat|resid|based|stay|deliver|send|sent|ship|mail|return|forward/i;
/** Numbered things that are not streets: "Order 12345, Paris, France". */
export const NOT_STREET_START =
  /^(?:\d+[ \t]+)?(?:order|invoice|ticket|case|room|flight|chapter|page|section|version|item|ref|no|nr|number|account|policy|claim|table|figure|step|phase|level|gate|seat|platform|line|route|bus|train|year|week|day|month|since|in|on|at|from|to|by|for|and|or|the|of|until|before|after)(?![\p{L}])/iu;
/** A numbered thing anywhere in a short street line ("see page 12 room 4"); "room" itself is a unit word, so not listed. */
export const NUMBERED_THING =
  /(?<!\p{L})(?:order|invoice|ticket|case|flight|chapter|page|section|version|item|ref|no|nr|number|account|policy|claim|table|figure|step|phase|level|seat|platform|line|route|bus|train|year|week|day|month)[ \t]+\d/iu;
/** Words right before a numbered line that say an address follows ("lives at", "my address is", "send it to"). */
const ADDRESS_CUE =
  /(?:\baddress(?:es)?(?:[ \t]+(?:is|was|will be))?(?:[ \t]+to)?|\b(?:lives?|living|located|resides?|residing|based|stays?|staying)[ \t]+at|\b(?:deliver(?:ed)?|sen[dt](?:[ \t]+\p{L}+){0,3}|ship(?:ped)?|mail(?:ed)?|return(?:ed)?|forward(?:ed)?)[ \t]+to)[ \t]*:?[ \t\n]*$/iu;

/** Adds confirmed numbered lines to `found`; runs only when the text has a block separator or an address cue and a numbered line at all. */
export function findNumberedLines(text: string, found: RecognizerResult[], recognizer: string): void {
  if (!hasLooseNumberUpTo(textFeatures(text), 5)) return;
  const separated = HAS_BLOCK_SEPARATOR.test(text);
  if ((separated || HAS_CUE_WORD.test(text) || HAS_AND.test(text)) && HAS_NUMBERED_LINE.test(text)) addNumberedLines(NUMBERED_LINE, text, found, recognizer, true);
  if (separated && HAS_LOWER_NUMBERED_LINE.test(text)) addNumberedLines(LOWER_NUMBERED_LINE, text, found, recognizer, false);
}

/**
 * A "name + house number" line without any street word counts only when a place block follows
 * it (city, then postcode/region/country after a comma or line break): "37 Parva Domus 6896, Pesconuovo, Latvia".
 */
function addNumberedLines(re: RegExp, text: string, found: RecognizerResult[], recognizer: string, cued: boolean): void {
  re.lastIndex = 0;
  // Earlier spans by start, walked with one cursor (matches come left to right): linear, not one scan per match.
  const earlier = found.slice().sort((a, b) => a.start - b.start);
  let cursor = 0;
  let reach = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const lineEnd = start + m[0].length;
    if (NOT_STREET_START.test(m[0]) || COUNTED.test(text.slice(lineEnd, lineEnd + 16))) continue;
    while (cursor < earlier.length && earlier[cursor].start < lineEnd) reach = Math.max(reach, earlier[cursor++].end);
    if (reach > start) continue;
    const ext = extendAddressBlock(text, start, lineEnd);
    // Confirmed by the place block that follows, or by the words before it ("lives at 19 Sokolská 1475, Hrotovice").
    if (!ext.confirmed && !(cued && isCued(text, start))) continue;
    // A lower-case line counts only inside an all-lower-case block: "apples 12, London, UK" is not an address.
    if (!cued && HAS_CAPITAL.test(text.slice(start, ext.end))) continue;
    found.push({
      entityType: 'STREET_ADDRESS',
      start,
      end: ext.end,
      score: 0.6,
      recognizer,
      validated: false,
      explanation: 'numbered line + place block',
    });
    re.lastIndex = ext.end;
  }
}

/** An address cue or the first street of an intersection right before `start` (a 40-character window). */
function isCued(text: string, start: number): boolean {
  const before = (start <= 40 ? '\n' : '') + text.slice(Math.max(0, start - 40), start);
  return ADDRESS_CUE.test(before) || INTERSECTION_CUE.test(before);
}
