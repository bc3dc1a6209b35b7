// Decorator metadata (class-transformer's @Type) must be loaded whoever imports this first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/**
 * The internal API of data-subject requests: what the gateway asks each service about one subject.
 * Each service answers for its own schema only (connector: Explore and Navigate; quality: quarantine;
 * pii-detection: the hashes and vault tokens of an identifier, and crypto-shredding). The routes
 * carry the service credential; no client calls them.
 */
export const SUBJECT_RECORDS_ROUTES = {
  /** pii-detection: the keyed hashes and vault tokens the policies produced for an identifier. */
  matchKeys: 'internal/v1/subjects/match-keys',
  /** pii-detection: destroys the per-token keys and ciphertexts of vault tokens. */
  shredTokens: 'internal/v1/subjects/shred-tokens',
  /** connector (Explore + Navigate) and quality (quarantine): the records matching a subject. */
  search: 'internal/v1/subjects/records/search',
  /** connector and quality: deletes records by id. */
  erase: 'internal/v1/subjects/records/erase',
} as const;

/** The most record ids one search answers per table, or one erase call deletes. */
export const MAX_SUBJECT_RECORDS = 10_000;
/** The most substrings one search looks for (candidate spellings, hash prefixes, tokens). */
export const MAX_SUBJECT_NEEDLES = 200;
/** Shorter substrings would match unrelated records. */
export const MIN_SUBJECT_NEEDLE_LENGTH = 3;
export const MAX_SUBJECT_NEEDLE_LENGTH = 512;
/** A vault token, anywhere in a stored payload's JSON text. */
export const VAULT_TOKEN_IN_TEXT = /tok_[a-z2-7]{26}/g;
export const SUBJECT_RECORD_LAYERS = ['explore', 'navigate', 'quarantine'] as const;
export type SubjectRecordLayer = (typeof SUBJECT_RECORD_LAYERS)[number];

/**
 * How a subject's records are recognised: a substring of the stored payload's JSON text (the
 * identifier as written, a keyed-hash prefix, a vault token), case-sensitive or not, or a record id
 * already known to be theirs (the same record id travels through every layer).
 */
export class SubjectRecordMatch {
  @IsArray()
  @ArrayMaxSize(MAX_SUBJECT_NEEDLES)
  @IsString({ each: true })
  @MinLength(MIN_SUBJECT_NEEDLE_LENGTH, { each: true })
  @MaxLength(MAX_SUBJECT_NEEDLE_LENGTH, { each: true })
  contains: string[];

  @IsArray()
  @ArrayMaxSize(MAX_SUBJECT_NEEDLES)
  @IsString({ each: true })
  @MinLength(MIN_SUBJECT_NEEDLE_LENGTH, { each: true })
  @MaxLength(MAX_SUBJECT_NEEDLE_LENGTH, { each: true })
  containsIgnoringCase: string[];

  @IsArray()
  @ArrayMaxSize(MAX_SUBJECT_RECORDS)
  @IsUUID('all', { each: true })
  recordIds: string[];
}

export class SubjectRecordSearchRequest {
  @ValidateNested()
  @Type(() => SubjectRecordMatch)
  match: SubjectRecordMatch;

  /** Payloads are returned for an export only; an erasure needs the ids. */
  @IsBoolean()
  includePayloads: boolean;
}

export interface FoundSubjectRecord {
  layer: SubjectRecordLayer;
  recordId: string;
  sourceId: string;
  runId: string;
  /** Only when payloads were asked for. */
  payload?: unknown;
}

export interface SubjectRecordSearchResult {
  records: FoundSubjectRecord[];
  /** Vault tokens found in the matched payloads (the subject's other tokenized values). */
  tokens: string[];
  /** More records matched than MAX_SUBJECT_RECORDS in some table. */
  truncated: boolean;
}

export class SubjectRecordEraseRequest {
  @IsIn(SUBJECT_RECORD_LAYERS)
  layer: SubjectRecordLayer;

  @IsArray()
  @ArrayMaxSize(MAX_SUBJECT_RECORDS)
  @IsUUID('all', { each: true })
  recordIds: string[];
}

export interface SubjectRecordEraseResult {
  deleted: number;
}

export class SubjectMatchKeysRequest {
  /** The identifier's candidate spellings (as given, and normalised). */
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MinLength(MIN_SUBJECT_NEEDLE_LENGTH, { each: true })
  @MaxLength(MAX_SUBJECT_NEEDLE_LENGTH, { each: true })
  values: string[];
}

export interface SubjectMatchKeysResult {
  /**
   * The first 16 hex characters of the keyed HMAC (sha256 and sha512) of each value: every output
   * of the `hash` operator (full or truncated to at least 16) starts with one of them.
   */
  hashPrefixes: string[];
  /** Vault tokens whose plaintext is one of the values, in every namespace. */
  tokens: string[];
}

export class ShredTokensRequest {
  @IsArray()
  @ArrayMaxSize(MAX_SUBJECT_RECORDS)
  @IsString({ each: true })
  @Matches(/^tok_[a-z2-7]{26}$/, { each: true, message: 'each token must be a vault token' })
  tokens: string[];
}

export interface ShredTokensResult {
  shredded: number;
}
