import { encrypt, encryptUnderKeyId } from './encrypt';
import { hash, MIN_HASH_LENGTH } from './hash';
import { keep } from './keep';
import { mask } from './mask';
import {
  HASH_TYPES,
  HashType,
  OPERATOR_NAMES,
  OperatorConfig,
  OperatorKeys,
  OperatorName,
  SpanOperatorConfig,
} from './operator.types';
import { redact } from './redact';
import { replace } from './replace';
import { NAMESPACE_PATTERN } from './tokenize';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

type Raw = Record<string, unknown>;

const MAX_REPLACEMENT_LENGTH = 256;
const MAX_HASH_LENGTH: Record<HashType, number> = { sha256: 64, sha512: 128 };

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function unknownKeys(raw: Raw, allowed: readonly string[], where: string): string[] {
  return Object.keys(raw)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${where}: unknown parameter "${key}" (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'})`);
}

/** Parameter names per operator in each dialect: Atlas (camelCase) and Presidio (snake_case). */
const PARAMETER_NAMES = {
  atlas: {
    newValue: 'newValue',
    maskingChar: 'maskingChar',
    charsToMask: 'charsToMask',
    fromEnd: 'fromEnd',
    keepLast: 'keepLast',
    hashType: 'hashType',
    length: 'length',
    key: 'key',
    namespace: 'namespace',
  },
  presidio: {
    newValue: 'new_value',
    maskingChar: 'masking_char',
    charsToMask: 'chars_to_mask',
    fromEnd: 'from_end',
    keepLast: 'keep_last',
    hashType: 'hash_type',
    length: 'length',
    key: 'key',
    namespace: 'namespace',
  },
} as const;

type Dialect = keyof typeof PARAMETER_NAMES;

/**
 * Validates an operator's parameters and returns the typed config. Every problem is listed with
 * the place it was found (`where`), so a 400 response can name them all at once.
 */
function parseParams(operator: OperatorName, params: Raw, where: string, dialect: Dialect, ignored: readonly string[] = []): ParseResult<OperatorConfig> {
  const names = PARAMETER_NAMES[dialect];
  const problems: string[] = [];
  const allow = (...keys: string[]) => problems.push(...unknownKeys(params, [...keys, ...ignored], where));
  switch (operator) {
    case 'redact':
    case 'keep':
    case 'drop':
      allow();
      return problems.length ? { ok: false, problems } : { ok: true, value: { operator } };
    case 'replace': {
      allow(names.newValue);
      const newValue = params[names.newValue];
      if (newValue !== undefined && (typeof newValue !== 'string' || newValue.length > MAX_REPLACEMENT_LENGTH)) {
        problems.push(`${where}: ${names.newValue} must be a string of at most ${MAX_REPLACEMENT_LENGTH} characters`);
      }
      if (problems.length) return { ok: false, problems };
      return { ok: true, value: { operator, params: newValue === undefined ? {} : { newValue: newValue as string } } };
    }
    case 'mask': {
      allow(names.maskingChar, names.charsToMask, names.fromEnd, names.keepLast);
      const maskingChar = params[names.maskingChar];
      const charsToMask = params[names.charsToMask];
      const fromEnd = params[names.fromEnd];
      const keepLast = params[names.keepLast];
      if (typeof maskingChar !== 'string' || Array.from(maskingChar).length !== 1) {
        problems.push(`${where}: ${names.maskingChar} must be exactly one character`);
      }
      if (charsToMask !== undefined && !isNonNegativeInteger(charsToMask)) problems.push(`${where}: ${names.charsToMask} must be a non-negative integer`);
      if (fromEnd !== undefined && typeof fromEnd !== 'boolean') problems.push(`${where}: ${names.fromEnd} must be a boolean`);
      if (keepLast !== undefined && !isNonNegativeInteger(keepLast)) problems.push(`${where}: ${names.keepLast} must be a non-negative integer`);
      if (keepLast !== undefined && (charsToMask !== undefined || fromEnd !== undefined)) {
        problems.push(`${where}: ${names.keepLast} cannot be combined with ${names.charsToMask} or ${names.fromEnd}`);
      }
      if (problems.length) return { ok: false, problems };
      return {
        ok: true,
        value: {
          operator,
          params: {
            maskingChar: maskingChar as string,
            ...(charsToMask !== undefined ? { charsToMask: charsToMask as number } : {}),
            ...(fromEnd !== undefined ? { fromEnd: fromEnd as boolean } : {}),
            ...(keepLast !== undefined ? { keepLast: keepLast as number } : {}),
          },
        },
      };
    }
    case 'hash': {
      allow(names.hashType, names.length);
      const hashType = params[names.hashType] ?? 'sha256';
      const length = params[names.length];
      if (!HASH_TYPES.includes(hashType as HashType)) problems.push(`${where}: ${names.hashType} must be one of ${HASH_TYPES.join(', ')}`);
      const max = MAX_HASH_LENGTH[hashType as HashType] ?? 64;
      if (length !== undefined && (!isNonNegativeInteger(length) || length < MIN_HASH_LENGTH || length > max)) {
        problems.push(`${where}: ${names.length} must be an integer from ${MIN_HASH_LENGTH} to ${max} (hex characters kept)`);
      }
      if (problems.length) return { ok: false, problems };
      return { ok: true, value: { operator, params: { hashType: hashType as HashType, ...(length !== undefined ? { length: length as number } : {}) } } };
    }
    case 'encrypt': {
      allow(names.key);
      const key = params[names.key];
      if (key !== undefined && (typeof key !== 'string' || ![16, 24, 32].includes(Buffer.byteLength(key, 'utf8')))) {
        problems.push(`${where}: ${names.key} must be a string of 128, 192 or 256 bits (16, 24 or 32 bytes)`);
      }
      if (problems.length) return { ok: false, problems };
      return { ok: true, value: { operator, params: key === undefined ? {} : { key: key as string } } };
    }
    case 'tokenize': {
      allow(names.namespace);
      const namespace = params[names.namespace];
      if (namespace !== undefined && (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace))) {
        problems.push(`${where}: ${names.namespace} must match ${NAMESPACE_PATTERN.source}`);
      }
      if (problems.length) return { ok: false, problems };
      return { ok: true, value: { operator, params: namespace === undefined ? {} : { namespace: namespace as string } } };
    }
  }
}

/** Parses an Atlas policy rule: `{ operator, params? }`. */
export function parseAtlasOperator(raw: unknown, where: string): ParseResult<OperatorConfig> {
  if (!isObject(raw)) return { ok: false, problems: [`${where}: must be an object { operator, params? }`] };
  const extra = unknownKeys(raw, ['operator', 'params'], where);
  const operator = raw.operator;
  if (typeof operator !== 'string' || !OPERATOR_NAMES.includes(operator as OperatorName)) {
    return { ok: false, problems: [...extra, `${where}: operator must be one of ${OPERATOR_NAMES.join(', ')}`] };
  }
  if (raw.params !== undefined && !isObject(raw.params)) return { ok: false, problems: [...extra, `${where}: params must be an object`] };
  const parsed = parseParams(operator as OperatorName, (raw.params as Raw | undefined) ?? {}, where, 'atlas');
  if (extra.length === 0) return parsed;
  return { ok: false, problems: [...extra, ...(parsed.ok ? [] : parsed.problems)] };
}

/** Presidio's anonymizer operator types that Atlas serves (plus `tokenize`). */
const PRESIDIO_TYPES = ['replace', 'redact', 'mask', 'hash', 'encrypt', 'keep', 'tokenize'] as const;

/**
 * Parses one entry of Presidio's `anonymizers` map: `{ type, ...params }` in snake_case. `hash`'s
 * `salt` is accepted and ignored (Atlas always uses its keyed HMAC); `custom` cannot run here.
 */
export function parsePresidioOperator(raw: unknown, where: string): ParseResult<SpanOperatorConfig> {
  if (!isObject(raw)) return { ok: false, problems: [`${where}: must be an object with a "type"`] };
  const { type, ...params } = raw;
  if (type === 'custom') return { ok: false, problems: [`${where}: the "custom" operator (a Python lambda) is not supported by Atlas`] };
  if (typeof type !== 'string' || !PRESIDIO_TYPES.includes(type as (typeof PRESIDIO_TYPES)[number])) {
    return { ok: false, problems: [`${where}: type must be one of ${PRESIDIO_TYPES.join(', ')}`] };
  }
  const parsed = parseParams(type as OperatorName, params, where, 'presidio', type === 'hash' ? ['salt'] : []);
  return parsed as ParseResult<SpanOperatorConfig>;
}

/** Applies a synchronous span operator (everything but `tokenize`, which needs the vault). */
export function applySyncOperator(value: string, entityType: string, config: Exclude<SpanOperatorConfig, { operator: 'tokenize' }>, keys: OperatorKeys): string {
  switch (config.operator) {
    case 'replace':
      return replace(value, entityType, config.params);
    case 'redact':
      return redact(value);
    case 'mask':
      return mask(value, config.params);
    case 'hash':
      return hash(value, keys.hashKey, config.params);
    case 'encrypt':
      if (config.params?.key !== undefined) return encrypt(value, Buffer.from(config.params.key, 'utf8'));
      return keys.encryptKeyId === undefined ? encrypt(value, keys.encryptKey) : encryptUnderKeyId(value, keys.encryptKey, keys.encryptKeyId);
    case 'keep':
      return keep(value);
  }
}
