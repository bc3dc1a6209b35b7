import { HYPERLOGLOG_REGISTERS, HyperLogLog } from './hyperloglog';

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
});
