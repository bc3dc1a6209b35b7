/**
 * Minimal Keccak-256 (the pre-standard padding used by Ethereum, not SHA3-256), for EIP-55 checks.
 * Only ever run on 40-character inputs, so a BigInt lane implementation is fast enough.
 */
const MASK = (1n << 64n) - 1n;
const ROUND_CONSTANTS: bigint[] = [];
const ROTATIONS: number[] = [];
const PI: number[] = [];
{
  let r = 1n;
  for (let round = 0; round < 24; round++) {
    let rc = 0n;
    for (let j = 0; j < 7; j++) {
      r = ((r << 1n) ^ ((r >> 7n) * 0x71n)) % 256n;
      if (r & 2n) rc ^= 1n << ((1n << BigInt(j)) - 1n);
    }
    ROUND_CONSTANTS.push(rc);
  }
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    ROTATIONS[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    const nx = y;
    const ny = (2 * x + 3 * y) % 5;
    x = nx;
    y = ny;
  }
  for (let xi = 0; xi < 5; xi++) for (let yi = 0; yi < 5; yi++) PI[xi + 5 * yi] = yi + 5 * ((2 * xi + 3 * yi) % 5);
  ROTATIONS[0] = 0;
}

function rotl(v: bigint, n: number): bigint {
  if (n === 0) return v;
  const b = BigInt(n);
  return ((v << b) | (v >> (64n - b))) & MASK;
}

function keccakF(state: bigint[]): void {
  const c = new Array<bigint>(5);
  const b = new Array<bigint>(25);
  for (let round = 0; round < 24; round++) {
    for (let x = 0; x < 5; x++) c[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20];
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (let y = 0; y < 25; y += 5) state[x + y] ^= d;
    }
    for (let i = 0; i < 25; i++) b[PI[i]] = rotl(state[i], ROTATIONS[i]);
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) state[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & MASK & b[((x + 2) % 5) + y]);
    }
    state[0] ^= ROUND_CONSTANTS[round];
  }
}

/** Keccak-256 of the given bytes, as a lowercase hex string. */
export function keccak256Hex(input: Uint8Array): string {
  const rate = 136;
  const padded = new Uint8Array(Math.ceil((input.length + 1) / rate) * rate);
  padded.set(input);
  padded[input.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  const state = new Array<bigint>(25).fill(0n);
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) {
      let lane = 0n;
      for (let k = 7; k >= 0; k--) lane = (lane << 8n) | BigInt(padded[off + i * 8 + k]);
      state[i] ^= lane;
    }
    keccakF(state);
  }
  let hex = '';
  for (let i = 0; i < 4; i++) {
    let lane = state[i];
    for (let k = 0; k < 8; k++) {
      hex += Number(lane & 0xffn).toString(16).padStart(2, '0');
      lane >>= 8n;
    }
  }
  return hex;
}

/**
 * EIP-55 mixed-case checksum of an Ethereum address (`0x` + 40 hex). All-lower or all-upper
 * addresses carry no checksum and are accepted as structurally valid.
 */
export function isValidEthereumAddress(value: string): boolean {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) return false;
  const body = value.slice(2);
  const lower = body.toLowerCase();
  if (body === lower || body === body.toUpperCase()) return true;
  const hash = keccak256Hex(Buffer.from(lower, 'ascii'));
  for (let i = 0; i < 40; i++) {
    const ch = body[i];
    if (ch >= '0' && ch <= '9') continue;
    const upper = parseInt(hash[i], 16) >= 8;
    if (upper !== (ch >= 'A' && ch <= 'F')) return false;
  }
  return true;
}

/** True when the address is mixed case, i.e. carries an EIP-55 checksum. */
export function hasEip55Checksum(value: string): boolean {
  const body = value.slice(2);
  return body !== body.toLowerCase() && body !== body.toUpperCase();
}
