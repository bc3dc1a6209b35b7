/**
 * Protection operators: what happens to a span of personal data (or to a whole field). Each one
 * is a pure function over the span's value; configuration is typed per operator. Names follow
 * Presidio's anonymizer operators where one exists, plus Atlas's `tokenize` and `drop`.
 */

export const OPERATOR_NAMES = ['replace', 'redact', 'mask', 'hash', 'encrypt', 'tokenize', 'keep', 'drop'] as const;
export type OperatorName = (typeof OPERATOR_NAMES)[number];

/** Operators that act on a span inside a text; `drop` only makes sense for a whole field. */
export const SPAN_OPERATOR_NAMES = ['replace', 'redact', 'mask', 'hash', 'encrypt', 'tokenize', 'keep'] as const;
export type SpanOperatorName = (typeof SPAN_OPERATOR_NAMES)[number];

export interface ReplaceParams {
  /** Replacement text; `<ENTITY_TYPE>` when absent (Presidio's default). */
  newValue?: string;
}

export interface MaskParams {
  /** Exactly one character. */
  maskingChar: string;
  /** How many characters to mask (Presidio's `chars_to_mask`); all when neither this nor keepLast is set. */
  charsToMask?: number;
  /** Mask from the end instead of the start (Presidio's `from_end`). */
  fromEnd?: boolean;
  /** Mask everything but the last N characters (Atlas extension; excludes charsToMask). */
  keepLast?: number;
}

export const HASH_TYPES = ['sha256', 'sha512'] as const;
export type HashType = (typeof HASH_TYPES)[number];

export interface HashParams {
  /** HMAC digest; sha256 by default. */
  hashType?: HashType;
  /** Keep only the first N hex characters (16..digest length). */
  length?: number;
}

export interface EncryptParams {
  /**
   * A caller-supplied AES key (16, 24 or 32 bytes of UTF-8, as Presidio's `key`). When absent the
   * configured Atlas encryption key is used.
   */
  key?: string;
}

export interface TokenizeParams {
  /** Vault namespace: the same value gets the same token within one namespace. `default` when absent. */
  namespace?: string;
}

export type OperatorConfig =
  | { operator: 'replace'; params?: ReplaceParams }
  | { operator: 'redact'; params?: Record<string, never> }
  | { operator: 'mask'; params: MaskParams }
  | { operator: 'hash'; params?: HashParams }
  | { operator: 'encrypt'; params?: EncryptParams }
  | { operator: 'tokenize'; params?: TokenizeParams }
  | { operator: 'keep'; params?: Record<string, never> }
  | { operator: 'drop'; params?: Record<string, never> };

export type SpanOperatorConfig = Exclude<OperatorConfig, { operator: 'drop' }>;

/** Operator per entity type, with `DEFAULT` for every entity not listed (Presidio's anonymizers map). */
export type OperatorMap = Readonly<Record<string, SpanOperatorConfig>>;

export const DEFAULT_OPERATOR_KEY = 'DEFAULT';
export const DEFAULT_TOKEN_NAMESPACE = 'default';

/** The secret material the keyed operators need. */
export interface OperatorKeys {
  /** HMAC key for `hash` (PII_HASH_KEY): the same value hashes the same everywhere, so joins still work. */
  readonly hashKey: Buffer;
  /** AES-256 key for `encrypt` when the config brings none. */
  readonly encryptKey: Buffer;
  /** The vault key id of `encryptKey`: outputs then read `enc:v2:<id>:…` and open after a rotation. */
  readonly encryptKeyId?: string;
}

export function isSpanOperator(config: OperatorConfig): config is SpanOperatorConfig {
  return config.operator !== 'drop';
}
