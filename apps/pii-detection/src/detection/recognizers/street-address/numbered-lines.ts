import type { RecognizerResult } from '../../detection.types';
import { extendAddressBlock } from './address-block';
import { CAP_SEQ, UNIT } from './street-words';

const NUMBERED_LINE = new RegExp(
  `(?<![\\p{L}\\p{N}.,/:-])(?:\\d{1,5}[ \\t]+)?(?:\\d{1,5}[a-zA-Z]?[ \\t]+${CAP_SEQ}(?:[ \\t]+\\d{1,5}[a-zA-Z]?)?|${CAP_SEQ}[ \\t]+\\d{1,5}[a-zA-Z]?)(?![\\p{L}\\p{N}])${UNIT}?`,
  'gu',
);
const HAS_NUMBERED_LINE = /\d[ \t]+\p{Lu}|\p{L}[ \t]+\d/u;
const HAS_BLOCK_SEPARATOR = /[,\n]/;
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
  if ((HAS_BLOCK_SEPARATOR.test(text) || HAS_CUE_WORD.test(text)) && HAS_NUMBERED_LINE.test(text)) addNumberedLines(text, found, recognizer);
}

/**
 * A "name + house number" line without any street word counts only when a place block follows
 * it (city, then postcode/region/country after a comma or line break): "37 Parva Domus 6896, Pesconuovo, Latvia".
 */
function addNumberedLines(text: string, found: RecognizerResult[], recognizer: string): void {
  const re = NUMBERED_LINE;
  re.lastIndex = 0;
  // Earlier spans by start, walked with one cursor (matches come left to right): linear, not one scan per match.
  const earlier = found.slice().sort((a, b) => a.start - b.start);
  let cursor = 0;
  let reach = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const lineEnd = start + m[0].length;
    if (NOT_STREET_START.test(m[0])) continue;
    while (cursor < earlier.length && earlier[cursor].start < lineEnd) reach = Math.max(reach, earlier[cursor++].end);
    if (reach > start) continue;
    const ext = extendAddressBlock(text, start, lineEnd);
    // Confirmed by the place block that follows, or by the words before it ("lives at 19 Sokolská 1475, Hrotovice").
    if (!ext.confirmed && !ADDRESS_CUE.test(text.slice(Math.max(0, start - 40), start))) continue;
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
