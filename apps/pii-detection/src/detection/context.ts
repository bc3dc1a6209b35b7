import { isWordChar, matchesWord, WordsBeforeIndex } from './context-words';
import type { EntityType, RecognizerResult } from './detection.types';

/**
 * Whole-word context enhancement. Words are runs of letters/digits, lower-cased; a context entry
 * may be several words ("social security"), matched as consecutive words. The window covers N
 * words before AND after the match, plus the record's field name split into words
 * (`customer_phone`, `CustomerPhone` → customer, phone). Validated results are never changed.
 */
export interface ContextOptions {
  /** Words looked at before the match (default 5). */
  windowBefore?: number;
  /** Words looked at after the match (default 5). */
  windowAfter?: number;
  /** Added to the score when a context word matches (default 0.35). */
  boost?: number;
  /** Floor for a boosted score, so "context required" patterns clear the default threshold (default 0.6). */
  minScoreWithContext?: number;
  /** Subtracted when only negative context matches (default 0.3). */
  negativePenalty?: number;
  /** Replaces the default positive context per entity. */
  contextWords?: Partial<Record<EntityType, readonly string[]>>;
  /** Replaces the default negative context words. */
  negativeWords?: readonly string[];
}

export const DEFAULT_CONTEXT_WORDS: Partial<Record<EntityType, readonly string[]>> = {
  PHONE_NUMBER: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'call', 'fax', 'office', 'contact', 'dial', 'landline', 'whatsapp', 'sms', 'reach', 'ph', 'mob', 'answer', 'answering', 'phone number'],
  CREDIT_CARD: ['credit', 'card', 'visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners', 'maestro', 'cc', 'pan', 'cardholder'],
  IBAN_CODE: ['iban', 'bank', 'transfer', 'account'],
  CRYPTO: ['wallet', 'btc', 'bitcoin', 'crypto', 'eth', 'ethereum', 'address'],
  IP_ADDRESS: ['ip', 'ipv4', 'ipv6', 'ip address', 'host', 'server'],
  MAC_ADDRESS: ['mac', 'mac address', 'hardware address', 'physical address', 'ethernet', 'wifi', 'nic'],
  URL: ['url', 'website', 'link', 'site', 'homepage', 'web'],
  EMAIL_ADDRESS: ['email', 'e mail', 'mail'],
  DATE_TIME: ['date', 'birthday', 'birth', 'born', 'dob', 'dated', 'time', 'timestamp', 'created', 'updated', 'expiry', 'expires', 'since', 'year', 'date of birth'],
  US_SSN: ['ssn', 'ssns', 'social security', 'social security number', 'social', 'ssid'],
  US_ITIN: ['itin', 'taxpayer', 'tax', 'tin', 'taxid', 'individual taxpayer'],
  US_PASSPORT: ['passport', 'travel document', 'passport number'],
  US_BANK_NUMBER: ['account', 'acct', 'bank', 'checking', 'savings', 'debit', 'bank account', 'account number'],
  US_DRIVER_LICENSE: ['driver', 'drivers', 'license', 'licence', 'lic', 'dl', 'dln', 'permit', 'driving', 'dmv', 'cdl', 'cdls', 'dls', 'driver license'],
  MEDICAL_LICENSE: ['dea', 'medical', 'license', 'licence', 'prescriber', 'registration'],
  UK_NHS: ['nhs', 'national health service', 'health service', 'health authority', 'nhs number'],
  STREET_ADDRESS: ['address', 'addr', 'street', 'live', 'lives', 'living', 'located', 'residence', 'reside', 'resides', 'ship', 'shipping', 'deliver', 'delivery', 'mailing', 'billing', 'home', 'corner'],
  ES_NIF: ['nif', 'dni', 'documento nacional de identidad', 'identificacion'],
  ES_NIE: ['nie', 'extranjero', 'extranjeros'],
  IT_FISCAL_CODE: ['codice fiscale', 'cf', 'fiscale'],
  FR_NIR: ['nir', 'insee', 'securite sociale', 'sécurité sociale', 'numero de securite sociale', 'ssn'],
  DE_TAX_ID: ['steuer', 'steuer id', 'steuerid', 'steueridentifikationsnummer', 'idnr', 'identifikationsnummer', 'tin', 'tax'],
  NL_BSN: ['bsn', 'burgerservicenummer', 'sofinummer', 'sofi'],
  PL_PESEL: ['pesel'],
  SE_PERSONNUMMER: ['personnummer', 'personnr', 'samordningsnummer'],
  FI_PERSONAL_IDENTITY_CODE: ['henkilötunnus', 'hetu', 'henkilotunnus', 'personbeteckning'],
  PT_NIF: ['nif', 'contribuinte', 'nipc', 'fiscal'],
  BE_NATIONAL_NUMBER: ['rijksregisternummer', 'rijksregister', 'registre national', 'numéro national', 'national number', 'insz', 'niss'],
  DK_CPR: ['cpr', 'cpr nummer', 'personnummer', 'cprnr'],
  AT_SOCIAL_SECURITY_NUMBER: ['sozialversicherungsnummer', 'svnr', 'versicherungsnummer', 'sv nummer', 'sozialversicherung'],
  IE_PPSN: ['ppsn', 'pps', 'personal public service'],
};

/** Words that make a weak numeric match more likely an identifier of something else. */
export const DEFAULT_NEGATIVE_WORDS: readonly string[] = [
  'order', 'invoice', 'version', 'build', 'ref', 'reference', 'ticket', 'sku', 'tracking', 'product', 'item', 'part',
  'serial', 'model', 'release', 'rev', 'revision', 'isbn', 'batch', 'lot', 'case', 'transaction', 'txn', 'confirmation',
];

export const MAX_UNVALIDATED_SCORE = 0.95;

interface CompiledContext {
  words: Set<string>;
  phrases: string[][];
}

function compile(list: readonly string[]): CompiledContext {
  const words = new Set<string>();
  const phrases: string[][] = [];
  for (const entry of list) {
    const toks = splitWords(entry);
    if (toks.length === 1) words.add(toks[0]);
    else if (toks.length > 1) phrases.push(toks);
  }
  return { words, phrases };
}

/** Splits text into lower-case words (letters/digits). */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const w = i < text.length && isWordChar(text.charCodeAt(i));
    if (w && start < 0) start = i;
    else if (!w && start >= 0) {
      out.push(text.slice(start, i).toLowerCase());
      start = -1;
    }
  }
  return out;
}

/**
 * Field names to words: snake/kebab/dot case, camelCase, PascalCase and letter/digit boundaries.
 * `customer_phone` → [customer, phone]; `CustomerPhone` → [customer, phone]; `ssn_last4` → [ssn, last, 4].
 */
export function fieldNameWords(field: string | undefined): string[] {
  if (!field) return [];
  // Field names repeat for every record: their split is cached (callers must not mutate the array).
  const cached = FIELD_WORDS.get(field);
  if (cached) return cached;
  const words = splitFieldName(field);
  if (FIELD_WORDS.size >= 4096) FIELD_WORDS.clear();
  FIELD_WORDS.set(field, words);
  return words;
}

const FIELD_WORDS = new Map<string, string[]>();

function splitFieldName(field: string): string[] {
  const spaced = field
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  return splitWords(spaced);
}

/** Up to `n` words ending before `pos` (in text order). */
function wordsBefore(text: string, pos: number, n: number): string[] {
  const out: string[] = [];
  let i = pos - 1;
  while (i >= 0 && out.length < n) {
    while (i >= 0 && !isWordChar(text.charCodeAt(i))) i--;
    if (i < 0) break;
    const end = i + 1;
    while (i >= 0 && isWordChar(text.charCodeAt(i))) i--;
    out.push(text.slice(i + 1, end).toLowerCase());
  }
  return out.reverse();
}

/** Up to `n` words starting at or after `pos`. */
function wordsAfter(text: string, pos: number, n: number): string[] {
  const out: string[] = [];
  let i = pos;
  while (i < text.length && out.length < n) {
    while (i < text.length && !isWordChar(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
    out.push(text.slice(start, i).toLowerCase());
  }
  return out;
}

function findMatch(ctx: CompiledContext, words: readonly string[]): string | undefined {
  for (const w of words) if (matchesWord(ctx.words, w)) return w;
  for (const phrase of ctx.phrases) {
    outer: for (let i = 0; i + phrase.length <= words.length; i++) {
      for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
      return phrase.join(' ');
    }
  }
  return undefined;
}

export class ContextEnhancer {
  private readonly before: number;
  private readonly after: number;
  private readonly boost: number;
  private readonly floor: number;
  private readonly penalty: number;
  private readonly positive = new Map<EntityType, CompiledContext>();
  private readonly negative: CompiledContext;
  /** The negative words looked up in the text without building the window (single words only: no phrases to match). */
  private readonly negativeBefore: WordsBeforeIndex | undefined;
  /** Field names repeat for every record: their word split is cached. */
  private readonly fieldCache = new Map<string, string[]>();
  /** fieldName → entity → positive context word found in the field name ('' = none). */
  private readonly fieldHits = new Map<string, Map<EntityType, string>>();
  /** Negative context of the last field name seen ('' = none). */
  private negativeFieldName: string | undefined;
  private negativeField: string | undefined;

  constructor(options: ContextOptions = {}) {
    this.before = options.windowBefore ?? 5;
    this.after = options.windowAfter ?? 5;
    this.boost = options.boost ?? 0.35;
    this.floor = options.minScoreWithContext ?? 0.6;
    this.penalty = options.negativePenalty ?? 0.3;
    const table = options.contextWords ?? DEFAULT_CONTEXT_WORDS;
    for (const [entity, list] of Object.entries(table)) if (list) this.positive.set(entity as EntityType, compile(list));
    this.negative = compile(options.negativeWords ?? DEFAULT_NEGATIVE_WORDS);
    this.negativeBefore = this.negative.phrases.length === 0 ? new WordsBeforeIndex(this.negative.words) : undefined;
  }

  private fieldWords(fieldName: string | undefined): string[] {
    if (!fieldName) return [];
    let words = this.fieldCache.get(fieldName);
    if (!words) {
      words = fieldNameWords(fieldName);
      if (this.fieldCache.size >= 4096) this.fieldCache.clear();
      this.fieldCache.set(fieldName, words);
    }
    return words;
  }

  /** Returns the results with context-adjusted scores (input objects are not mutated). */
  enhance(text: string, results: readonly RecognizerResult[], fieldName?: string): RecognizerResult[] {
    if (results.length === 0) return [];
    const out = results.slice();
    this.enhanceInPlace(text, out, fieldName);
    return out;
  }

  /**
   * Same as enhance(), but replaces entries of the given array (the result objects themselves are
   * never mutated). Window words are only extracted when a decision needs them.
   */
  enhanceInPlace(text: string, results: RecognizerResult[], fieldName?: string): void {
    if (results.length === 0) return;
    const field = this.fieldWords(fieldName);
    let fieldHits = fieldName ? this.fieldHits.get(fieldName) : undefined;
    if (fieldName && !fieldHits) {
      fieldHits = new Map();
      if (this.fieldHits.size >= 4096) this.fieldHits.clear();
      this.fieldHits.set(fieldName, fieldHits);
    }
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (r.validated || r.score >= 1) continue;
      const ctx = this.positive.get(r.entityType);
      let hit: string | undefined;
      let where = '';
      let before: string[] | undefined;
      if (ctx) {
        if (field.length > 0) {
          // The field's verdict per entity never changes: cached ('' = no hit).
          let cached = fieldHits?.get(r.entityType);
          if (cached === undefined) {
            cached = findMatch(ctx, field) ?? '';
            fieldHits?.set(r.entityType, cached);
          }
          if (cached) {
            hit = cached;
            where = 'field';
          }
        }
        if (!hit) {
          before = wordsBefore(text, r.start, this.before);
          hit = findMatch(ctx, before) ?? findMatch(ctx, wordsAfter(text, r.end, this.after));
          where = 'text';
        }
      }
      if (hit) {
        // Unvalidated evidence never reaches the 1.0 reserved for checksum-confirmed matches.
        const score = Math.min(MAX_UNVALIDATED_SCORE, Math.max(r.score + this.boost, this.floor));
        results[i] = { ...r, score, explanation: `${r.explanation ?? r.recognizer}; context (${where}): ${hit}` };
        continue;
      }
      let neg: string | undefined;
      if (field.length > 0) {
        if (this.negativeField === undefined || this.negativeFieldName !== fieldName) {
          this.negativeFieldName = fieldName;
          this.negativeField = findMatch(this.negative, field) ?? '';
        }
        neg = this.negativeField || undefined;
      }
      if (neg === undefined) {
        neg = before === undefined && this.negativeBefore ? this.negativeBefore.firstMatchBefore(text, r.start, this.before) : findMatch(this.negative, before ?? wordsBefore(text, r.start, this.before));
      }
      if (neg) results[i] = { ...r, score: Math.max(0, r.score - this.penalty), explanation: `${r.explanation ?? r.recognizer}; negative context: ${neg}` };
    }
  }
}
