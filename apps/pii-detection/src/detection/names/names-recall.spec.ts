import type { Recognizer } from '../detection.types';
import { createNameRecognizers } from './index';

/** Free-text recall of names and places the capitalisation rules alone missed (issue 6), with negatives. */
describe('name recognizers: recall beyond capitalised English', () => {
  let recognizers: Recognizer[];
  beforeAll(() => {
    recognizers = createNameRecognizers();
  });
  function spans(text: string): string[] {
    return recognizers
      .flatMap((r) => r.analyze(text, { language: 'en' }))
      .filter((r) => r.score >= 0.5)
      .map((r) => `${r.entityType}:${text.slice(r.start, r.end)}`)
      .sort();
  }

  it('finds whole names in caseless scripts after a person cue', () => {
    expect(spans('My name is محمد علي')).toEqual(['PERSON:محمد علي']);
    expect(spans('My name is יוסי כהן')).toEqual(['PERSON:יוסי כהן']);
    expect(spans('Mr. अमित शर्मा called')).toEqual(['PERSON:Mr. अमित शर्मा']);
    expect(spans('My name is 王小明')).toEqual(['PERSON:王小明']);
  });

  it('keeps finding capitalised names in cased scripts (Cyrillic, Greek)', () => {
    expect(spans('Меня зовут Иван Петров.')).toEqual(['PERSON:Иван Петров']);
    expect(spans('My name is Γιώργος Παπαδόπουλος')).toEqual(['PERSON:Γιώργος Παπαδόπουλος']);
  });

  it('does not take caseless-script text without a cue, or a long CJK run, for a name', () => {
    expect(spans('السلام عليكم')).toEqual([]);
    expect(spans('我们明天见面吧')).toEqual([]);
    expect(spans('My name is 我们明天在公司见面')).toEqual([]);
  });

  it('finds lower-case names in mixed-case text from name lexicons and cues', () => {
    expect(spans('I met ada lovelace yesterday')).toEqual(['PERSON:ada lovelace']);
    expect(spans('Thanks, anna')).toEqual(['PERSON:anna']);
  });

  it('leaves ordinary lower-case words alone in mixed-case text', () => {
    expect(spans('We will meet mark and the others')).toEqual([]);
    expect(spans('I saw grace at the park')).toEqual([]);
    expect(spans('The meeting in may was with april')).toEqual([]);
    expect(spans('Thanks, see you soon')).toEqual([]);
  });

  it('reads an unknown town after a locative phrase or a postal code', () => {
    expect(spans('He is from Tiddlington.')).toEqual(['LOCATION:Tiddlington']);
    expect(spans('Our office is in 94107 Mooresville now')).toEqual(['LOCATION:Mooresville']);
    expect(spans('They settled in Wexcombe after the war')).toEqual(['LOCATION:Wexcombe']);
    expect(spans('We moved here from Pelhrimov')).toEqual(['LOCATION:Pelhrimov']);
  });

  it('reads upper-case place names as places, not acronyms', () => {
    expect(spans('WE MET IN LONDON LAST YEAR')).toEqual(['LOCATION:LONDON']);
    expect(spans('He lives in SPRINGFIELD, IL and works there')).toEqual(['LOCATION:SPRINGFIELD']);
    expect(spans('The NASA and FBI reports are due')).toEqual([]);
  });

  it('reads upper-case towns in other scripts after a preposition of place, but not acronyms', () => {
    expect(spans('I am in ΛΕΜΕΣΟΣ for a business trip')).toEqual(['LOCATION:ΛΕΜΕΣΟΣ']);
    expect(spans('We flew from НОВОСИБИРСК yesterday')).toEqual(['LOCATION:НОВОСИБИРСК']);
    expect(spans('The report from ΗΠΑ is in FBI files')).toEqual([]);
    expect(spans('He works at ООО')).toEqual([]);
  });

  it('never reads letters glued to digits, "@" or "_" (or dotted parts of lower-case text) as names', () => {
    expect(spans('ticket ab12-cd34 from natasha')).toEqual(['PERSON:natasha']);
    expect(spans('Send it to Smith2 or to maria_k')).toEqual([]);
    expect(spans('write to natasha.higuchi at mail.example.co')).toEqual([]);
    expect(spans('natasha higuchi will call tomorrow')).toEqual(['PERSON:natasha higuchi']);
  });

  it('reads a word no lexicon knows right after "in" as a place, but not after "at" or as a known word', () => {
    expect(spans('I am in Larnaka for a business trip')).toEqual(['LOCATION:Larnaka']);
    expect(spans('the following year in Kwaxuma, which later grew')).toEqual(['LOCATION:Kwaxuma']);
    expect(spans('The Princess Royal arrived at Hafnafjordur this morning')).toEqual(['LOCATION:Hafnafjordur']);
    // "at" precedes firms; words the lexicons know are not read as places here.
    expect(spans('She works at Zorblax these days')).toEqual([]);
    expect(spans('It is written in Python and runs in Excel')).toEqual([]);
  });

  it('reads Latin ALL-CAPS town names after "in"/"from", but not acronyms or words', () => {
    expect(spans("I'm in MITTERLOBMING, at the conference")).toEqual(['LOCATION:MITTERLOBMING']);
    expect(spans('I am in GROSS-SCHWEINBARTH for a trip')).toEqual(['LOCATION:GROSS-SCHWEINBARTH']);
    expect(spans('It is all in HTML and comes from NASA')).toEqual([]);
    expect(spans('Read it in CAPITALS from the BOARD')).toEqual([]);
  });

  it('reads place names with possessives, place prefixes and "home city"', () => {
    expect(spans("She moved here from People's Republic of China")).toEqual(["LOCATION:People's Republic of China"]);
    expect(spans('My friend lives in Cite Erriadh')).toEqual(['LOCATION:Cite Erriadh']);
    expect(spans("the economy of the band's home city Tyrvola: cars")).toEqual(['LOCATION:Tyrvola']);
  });

  it('reads the place before a venue after a "Where:" label', () => {
    expect(spans('When: 1979-05-16 11:28:01\nWhere: Limont Country Club.')).toEqual(['LOCATION:Limont']);
    expect(spans('Where: Cite Bain Maure Country Club')).toEqual(['LOCATION:Cite Bain Maure']);
    // Without the label, a club is no place.
    expect(spans('We joined the Limont Country Club.')).toEqual([]);
  });

  it('reads an unknown word addressed at the start of a request as a person', () => {
    expect(spans('Velimir, can I please speak to your boss?')).toEqual(['PERSON:Velimir']);
    expect(spans('Yesterday, can you believe it rained?')).toEqual([]);
    expect(spans('Zorblax, the new tool, is out')).toEqual([]);
  });

  it('does not read capitalised common nouns or numbers as towns', () => {
    expect(spans('Order 12345 Shipped today')).toEqual([]);
    expect(spans('The Report was filed in 2019')).toEqual([]);
  });
});
