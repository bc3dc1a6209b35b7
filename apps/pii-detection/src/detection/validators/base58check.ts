import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

/** Decodes base58 (Bitcoin alphabet) into bytes; null when a character is outside the alphabet. */
export function base58Decode(value: string): Uint8Array | null {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const v = c < 128 ? INDEX[c] : -1;
    if (v < 0) return null;
    let carry = v;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < value.length && value[i] === '1'; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * Bitcoin Base58Check address (P2PKH version 0x00 / P2SH 0x05, plus testnet 0x6f / 0xc4):
 * 25 bytes whose last 4 are the first 4 bytes of double SHA-256 of the first 21.
 */
export function isValidBase58CheckAddress(value: string): boolean {
  const bytes = base58Decode(value);
  if (!bytes || bytes.length !== 25) return false;
  const version = bytes[0];
  if (version !== 0x00 && version !== 0x05 && version !== 0x6f && version !== 0xc4) return false;
  const payload = bytes.subarray(0, 21);
  const check = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (check[i] !== bytes[21 + i]) return false;
  return true;
}
