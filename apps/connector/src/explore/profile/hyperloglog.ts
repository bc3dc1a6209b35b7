/** 2^14 registers: standard error 1.04 / sqrt(16384) ≈ 0.81 %, 16 KiB per field. */
export const HYPERLOGLOG_PRECISION = 14;
export const HYPERLOGLOG_REGISTERS = 1 << HYPERLOGLOG_PRECISION;
const ALPHA = 0.7213 / (1 + 1.079 / HYPERLOGLOG_REGISTERS);

/**
 * A HyperLogLog distinct-count sketch (Flajolet et al. 2007) over a 64-bit hash of each value:
 * the first 14 bits pick a register, the register keeps the longest run of leading zeros (+1) seen in
 * the remaining 50 bits. Small cardinalities use linear counting over the empty registers. State is
 * constant size; two sketches merge by taking each register's maximum.
 */
export class HyperLogLog {
  readonly registers: Uint8Array;

  constructor(registers?: Uint8Array) {
    if (registers !== undefined && registers.length !== HYPERLOGLOG_REGISTERS) {
      throw new RangeError(`a HyperLogLog sketch holds ${HYPERLOGLOG_REGISTERS} registers, not ${registers.length}`);
    }
    this.registers = registers ?? new Uint8Array(HYPERLOGLOG_REGISTERS);
  }

  add(value: string): void {
    const [high, low] = hash64(value);
    const index = high >>> (32 - HYPERLOGLOG_PRECISION);
    // The 50 bits after the index: 18 from `high`, then 32 from `low`.
    const highRest = (high << HYPERLOGLOG_PRECISION) >>> 0;
    let rank: number;
    if (highRest !== 0) rank = Math.clz32(highRest) + 1;
    else rank = low !== 0 ? 32 - HYPERLOGLOG_PRECISION + Math.clz32(low) + 1 : 64 - HYPERLOGLOG_PRECISION + 1;
    if (rank > this.registers[index]) this.registers[index] = rank;
  }

  merge(other: HyperLogLog): void {
    for (let index = 0; index < HYPERLOGLOG_REGISTERS; index++) {
      if (other.registers[index] > this.registers[index]) this.registers[index] = other.registers[index];
    }
  }

  estimate(): number {
    let sum = 0;
    let empty = 0;
    for (const register of this.registers) {
      sum += 2 ** -register;
      if (register === 0) empty++;
    }
    const raw = (ALPHA * HYPERLOGLOG_REGISTERS * HYPERLOGLOG_REGISTERS) / sum;
    // 64 bits of hash make the large-range correction unnecessary; the small range counts empty registers.
    if (raw <= 2.5 * HYPERLOGLOG_REGISTERS && empty > 0) return Math.round(HYPERLOGLOG_REGISTERS * Math.log(HYPERLOGLOG_REGISTERS / empty));
    return Math.round(raw);
  }
}

/** Bytes of one register in the sparse form: its index (big-endian uint16), then its value. */
const SPARSE_ENTRY_BYTES = 3;
const sparseScratch = new Uint8Array(HYPERLOGLOG_REGISTERS);

/**
 * The registers as stored: the non-zero ones as (index, value) entries when that is shorter than all
 * 16,384 (fewer than 5,462 set: every run under a few thousand distinct values), else all of them. A
 * run's profile is read and rewritten by each batch, so a small run would otherwise cost 16 KiB per
 * field and batch in each direction. The two forms never have the same length (16,384 is not a
 * multiple of 3).
 */
export function encodeRegisters(registers: Uint8Array): Buffer {
  // One pass: entries go into a scratch buffer until they would reach the dense form's size. Words of
  // four empty registers are skipped at once, which matters at a merge per field and batch.
  const words = registers.byteOffset % 4 === 0 ? new Uint32Array(registers.buffer, registers.byteOffset, HYPERLOGLOG_REGISTERS / 4) : undefined;
  let offset = 0;
  for (let index = 0; index < HYPERLOGLOG_REGISTERS; index++) {
    if (words !== undefined && (index & 3) === 0 && words[index >>> 2] === 0) {
      index += 3;
      continue;
    }
    const register = registers[index];
    if (register === 0) continue;
    if (offset + SPARSE_ENTRY_BYTES >= HYPERLOGLOG_REGISTERS) return Buffer.from(registers);
    sparseScratch[offset] = index >>> 8;
    sparseScratch[offset + 1] = index & 0xff;
    sparseScratch[offset + 2] = register;
    offset += SPARSE_ENTRY_BYTES;
  }
  return Buffer.from(sparseScratch.subarray(0, offset));
}

/** The registers of a stored sketch, in either form encodeRegisters writes. */
export function decodeRegisters(stored: Uint8Array): Uint8Array {
  if (stored.length === HYPERLOGLOG_REGISTERS) return new Uint8Array(stored);
  if (stored.length % SPARSE_ENTRY_BYTES !== 0 || stored.length > HYPERLOGLOG_REGISTERS) {
    throw new RangeError(`stored HyperLogLog registers of ${stored.length} bytes are neither ${HYPERLOGLOG_REGISTERS} registers nor (index, value) entries`);
  }
  const registers = new Uint8Array(HYPERLOGLOG_REGISTERS);
  for (let offset = 0; offset < stored.length; offset += SPARSE_ENTRY_BYTES) {
    const index = (stored[offset] << 8) | stored[offset + 1];
    if (index >= HYPERLOGLOG_REGISTERS) throw new RangeError(`a stored HyperLogLog register index ${index} is past ${HYPERLOGLOG_REGISTERS - 1}`);
    registers[index] = stored[offset + 2];
  }
  return registers;
}

/**
 * A fast non-cryptographic 64-bit hash of a string's UTF-16 code units, as two 32-bit halves: two
 * multiplicative lanes cross-mixed at the end (the cyrb53 construction, both lanes kept whole).
 * About ten times faster than an MD5 digest per value, which matters at one hash per field value.
 */
export function hash64(value: string): [number, number] {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507);
  first ^= Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507);
  second ^= Math.imul(first ^ (first >>> 13), 3266489909);
  return [second >>> 0, first >>> 0];
}
