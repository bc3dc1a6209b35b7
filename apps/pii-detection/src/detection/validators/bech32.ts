/** BIP-173 (bech32) and BIP-350 (bech32m) checksums and SegWit address validation. */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CHARSET_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) CHARSET_INDEX[CHARSET.charCodeAt(i)] = i;
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i];
  }
  return chk >>> 0;
}

export type Bech32Encoding = 'bech32' | 'bech32m';

export interface Bech32Decoded {
  hrp: string;
  data: number[];
  encoding: Bech32Encoding;
}

/** Decodes and checks a bech32/bech32m string (must not mix case). */
export function bech32Decode(input: string): Bech32Decoded | null {
  if (input.length < 8 || input.length > 90) return null;
  const lower = input.toLowerCase();
  if (input !== lower && input !== input.toUpperCase()) return null;
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return null;
  const hrp = lower.slice(0, sep);
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  const data: number[] = [];
  for (let i = sep + 1; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const v = c < 128 ? CHARSET_INDEX[c] : -1;
    if (v < 0) return null;
    data.push(v);
  }
  const pm = polymod(values.concat(data));
  const encoding: Bech32Encoding | null = pm === BECH32_CONST ? 'bech32' : pm === BECH32M_CONST ? 'bech32m' : null;
  if (!encoding) return null;
  return { hrp, data: data.slice(0, -6), encoding };
}

function convertBits(data: number[], from: number, to: number): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & maxv);
    }
  }
  if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) return null;
  return out;
}

/** SegWit address (bc / tb): version 0 uses bech32 with a 20- or 32-byte program; versions 1-16 use bech32m. */
export function isValidSegwitAddress(value: string): boolean {
  const dec = bech32Decode(value);
  if (!dec || (dec.hrp !== 'bc' && dec.hrp !== 'tb') || dec.data.length < 1) return false;
  const version = dec.data[0];
  if (version > 16) return false;
  const program = convertBits(dec.data.slice(1), 5, 8);
  if (!program || program.length < 2 || program.length > 40) return false;
  if (version === 0) return dec.encoding === 'bech32' && (program.length === 20 || program.length === 32);
  return dec.encoding === 'bech32m';
}
