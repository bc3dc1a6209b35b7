import { randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'tok_';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_BYTES = 16;
/** 16 random bytes = 26 base32 characters. */
export const TOKEN_PATTERN = /^tok_[a-z2-7]{26}$/;
export const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,62}$/;

/** RFC 4648 base32, lowercase, without padding. */
export function base32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) output += ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/** A fresh random token (`tok_<base32>`); it carries nothing about the value it stands for. */
export function newToken(random: (size: number) => Uint8Array = randomBytes): string {
  return TOKEN_PREFIX + base32(random(TOKEN_BYTES));
}

export function isToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/**
 * What `tokenize` needs: the vault hands out one stable token per (namespace, value). Batched, so
 * a text with several spans costs one round trip.
 */
export interface Tokenizer {
  tokenizeMany(namespace: string, entries: ReadonlyArray<{ entityType: string; value: string }>): Promise<string[]>;
}
