import { decodeRegisters, encodeRegisters, HYPERLOGLOG_REGISTERS, HyperLogLog } from './hyperloglog';

function sketchOf(from: number, to: number): HyperLogLog {
  const sketch = new HyperLogLog();
  for (let value = from; value < to; value++) sketch.add(`value-${value}`);
  return sketch;
}

function relativeError(estimate: number, truth: number): number {
  return Math.abs(estimate - truth) / truth;
}

describe('HyperLogLog', () => {
  it('estimates nothing for an empty sketch and exactly one for one value added many times', () => {
    expect(new HyperLogLog().estimate()).toBe(0);
    const sketch = new HyperLogLog();
    for (let time = 0; time < 1000; time++) sketch.add('same');
    expect(sketch.estimate()).toBe(1);
  });

  it('stays within 2 % of 10,000 and of 100,000 distinct values (three standard errors of 0.81 %)', () => {
    expect(relativeError(sketchOf(0, 10_000).estimate(), 10_000)).toBeLessThan(0.02);
    expect(relativeError(sketchOf(0, 100_000).estimate(), 100_000)).toBeLessThan(0.02);
  });

  it('counts 3,000 distinct values within 2 % whatever their repetitions', () => {
    const sketch = new HyperLogLog();
    for (let time = 0; time < 3; time++) for (let value = 0; value < 3000; value++) sketch.add(`person-${value}@example.com`);
    expect(relativeError(sketch.estimate(), 3000)).toBeLessThan(0.02);
  });

  it('merges two halves into the same registers as one sketch of the whole', () => {
    const merged = sketchOf(0, 50_000);
    merged.merge(sketchOf(25_000, 100_000));
    const whole = sketchOf(0, 100_000);
    expect(Buffer.from(merged.registers).equals(Buffer.from(whole.registers))).toBe(true);
    expect(merged.estimate()).toBe(whole.estimate());
  });

  it('refuses registers of the wrong size', () => {
    expect(() => new HyperLogLog(new Uint8Array(16))).toThrow(`a HyperLogLog sketch holds ${HYPERLOGLOG_REGISTERS} registers, not 16`);
  });

  describe('stored registers', () => {
    it('stores the set registers of a small sketch as (index, value) entries, and reads them back whole', () => {
      const registers = new Uint8Array(HYPERLOGLOG_REGISTERS);
      registers[0] = 3;
      registers[258] = 1;
      registers[HYPERLOGLOG_REGISTERS - 1] = 51;
      const stored = encodeRegisters(registers);
      expect([...stored]).toEqual([0, 0, 3, 1, 2, 1, 0x3f, 0xff, 51]);
      expect(Buffer.from(decodeRegisters(stored)).equals(Buffer.from(registers))).toBe(true);
      expect(encodeRegisters(new Uint8Array(HYPERLOGLOG_REGISTERS))).toHaveLength(0);
      expect(decodeRegisters(Buffer.alloc(0)).every((register) => register === 0)).toBe(true);
    });

    it('keeps every register once 5,462 or more are set (entries would be as long), and reads that form too', () => {
      const under = sketchOf(0, 1000);
      const encodedUnder = encodeRegisters(under.registers);
      expect(encodedUnder.length).toBe(under.registers.filter((register) => register !== 0).length * 3);
      expect(Buffer.from(decodeRegisters(encodedUnder)).equals(Buffer.from(under.registers))).toBe(true);
      const registers = new Uint8Array(HYPERLOGLOG_REGISTERS);
      registers.fill(2, 0, 5461);
      expect(encodeRegisters(registers)).toHaveLength(5461 * 3);
      registers[5461] = 2;
      const dense = encodeRegisters(registers);
      expect(dense).toHaveLength(HYPERLOGLOG_REGISTERS);
      expect(Buffer.from(decodeRegisters(dense)).equals(Buffer.from(registers))).toBe(true);
    });

    it('finds a set register at every place of a word, whether or not the registers are word-aligned', () => {
      const buffer = new ArrayBuffer(HYPERLOGLOG_REGISTERS + 1);
      const aligned = new Uint8Array(buffer, 0, HYPERLOGLOG_REGISTERS);
      const unaligned = new Uint8Array(buffer, 1, HYPERLOGLOG_REGISTERS);
      // Set registers at places 1, 1, 2, 1, 3 and 2 of their words (indices 1, 5, 6, 13, 515, 16382).
      const set: Array<[number, number]> = [[1, 4], [5, 2], [6, 3], [13, 9], [515, 7], [HYPERLOGLOG_REGISTERS - 2, 8]];
      const expected = set.flatMap(([index, value]) => [index >>> 8, index & 0xff, value]);
      for (const registers of [aligned, unaligned]) {
        registers.fill(0);
        for (const [index, value] of set) registers[index] = value;
        expect(registers.byteOffset).toBe(registers === aligned ? 0 : 1);
        expect([...encodeRegisters(registers)]).toEqual(expected);
      }
    });

    it('refuses stored registers of neither form', () => {
      expect(() => decodeRegisters(new Uint8Array(4))).toThrow(`stored HyperLogLog registers of 4 bytes are neither ${HYPERLOGLOG_REGISTERS} registers nor (index, value) entries`);
      expect(() => decodeRegisters(Uint8Array.from([0x40, 0x00, 1]))).toThrow(`a stored HyperLogLog register index 16384 is past ${HYPERLOGLOG_REGISTERS - 1}`);
    });
  });
});
