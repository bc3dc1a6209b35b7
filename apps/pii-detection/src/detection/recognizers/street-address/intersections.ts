import type { RecognizerResult } from '../../detection.types';

/** Two streets joined as an intersection: "Auenweg 85 and Kesä Street". */
const INTERSECTION_GAP = /^[ \t]+(?:and|&)[ \t]+$/;
/** "<address> and <name> street" with a lower-case or unlisted second street. */
const INTERSECTION_NEXT =
  /[ \t]+(?:and|&)[ \t]+(?:\d{1,5}[ \t]+)?(?:\p{L}[\p{L}\p{M}'’.-]*[ \t]+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|place|court)\.?(?![\p{L}\p{N}])/iuy;
/**
 * "<name> <number> and " before a street: the first street of an intersection ("Ilichova 50 and Salcido Street"),
 * or one capitalised street name after a place preposition, a colon or a line break ("to Ivan and Via Roma 41").
 */
const INTERSECTION_PREV =
  /(?<![\p{L}\p{N}])(?:(?:(?!(?:of|the|at|on|in|to|and|near|from|by|corner|junction|intersection)[ \t])\p{L}[\p{L}\p{M}'’.-]*[ \t]+){1,3}\d{1,5}[a-zA-Z]?\.?|(?<=(?:^|[ \t])(?:at|to|on|is|in|with)[ \t]+|[\n:][ \t]*)\p{Lu}[\p{L}\p{M}'’-]*)[ \t]+(?:and|&)[ \t]+$/u;
/** A dwelling unit right before a street ("Suite 683 11 Brucknerweg 141"). */
const UNIT_BEFORE = /(?<![\p{L}\p{N}])(?:Apartment|Apt|APT|apt|Suite|SUITE|suite|Ste|Unit|UNIT|unit)\.?[ \t]*#?[ \t]*\d{1,6}[A-Za-z]?,?[ \t]+(?:\d{1,5}[ \t]+)?$/u;
/** "(the) corner of " right before an address. */
const CORNER_OF = /(?<![\p{L}\p{N}])(?:the[ \t]+)?corner[ \t]+of[ \t]+$/iu;

/** Drops spans nested in longer ones and merges "<street> and <street>" (an intersection) into one span. */
export function joinIntersections(text: string, found: RecognizerResult[]): RecognizerResult[] {
  const sorted = found.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RecognizerResult[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    // A span inside an earlier, longer one adds nothing (same entity).
    if (prev && r.end <= prev.end) continue;
    if (prev && prev.end <= r.start && r.start - prev.end <= 7 && INTERSECTION_GAP.test(text.slice(prev.end, r.start))) {
      out[out.length - 1] = { ...prev, end: r.end, score: Math.max(prev.score, r.score), explanation: `${prev.explanation ?? prev.recognizer}; intersection` };
      continue;
    }
    out.push(r);
  }
  for (let i = 0; i < out.length; i++) {
    const r = out[i];
    const limitBefore = i > 0 ? out[i - 1].end : 0;
    const limitAfter = i + 1 < out.length ? out[i + 1].start : text.length;
    let { start, end } = r;
    INTERSECTION_NEXT.lastIndex = end;
    if (INTERSECTION_NEXT.test(text) && INTERSECTION_NEXT.lastIndex <= limitAfter) end = INTERSECTION_NEXT.lastIndex;
    const windowStart = Math.max(limitBefore, start - 60);
    const prev = INTERSECTION_PREV.exec(text.slice(windowStart, start));
    if (prev) start = windowStart + prev.index;
    // Two street forms joined ("… and Henriksen Street") confirm each other, whatever the case.
    const wasJoined = (r.explanation ?? '').includes('intersection');
    const joined = start !== r.start || end !== r.end || wasJoined;
    // "the corner of <street> and <street>": the phrase names the place, so it is part of the address.
    const corner = CORNER_OF.exec(text.slice(Math.max(limitBefore, start - 24), start));
    if (corner) start -= corner[0].length;
    // "Apt. 338 32 Menzies Street": a dwelling unit written before the street.
    const unit = UNIT_BEFORE.exec(text.slice(Math.max(limitBefore, start - 24), start));
    if (unit) start -= unit[0].length;
    if (start !== r.start || end !== r.end || joined) {
      const score = joined || corner ? Math.max(r.score, 0.65) : r.score;
      const why = joined ? (wasJoined ? '' : '; intersection') : corner ? '; corner' : '; unit first';
      out[i] = { ...r, start, end, score, explanation: `${r.explanation ?? r.recognizer}${why}` };
    }
  }
  return out;
}
