import { thresholdHolds, thresholdOf } from './threshold';

describe('ODCS thresholds', () => {
  it('reads the numeric operators of a rule and refuses what it cannot compare', () => {
    expect(thresholdOf({ metric: 'rowCount', mustBeGreaterThan: 0 })).toEqual({ mustBeGreaterThan: 0 });
    expect(thresholdOf({ mustBeBetween: [1, 10], mustNotBe: 5 })).toEqual({ mustNotBe: 5, mustBeBetween: [1, 10] });
    expect(thresholdOf({ mustBe: 'zero' })).toBeUndefined();
    expect(thresholdOf({ mustBeBetween: [10, 1] })).toBeUndefined();
    expect(thresholdOf({ metric: 'rowCount' })).toBeUndefined();
  });

  it.each([
    [{ mustBe: 0 }, 0, true],
    [{ mustBe: 0 }, 1, false],
    [{ mustNotBe: 3 }, 3, false],
    [{ mustBeGreaterThan: 0 }, 0, false],
    [{ mustBeGreaterOrEqualTo: 2 }, 2, true],
    [{ mustBeLessThan: 5 }, 5, false],
    [{ mustBeLessOrEqualTo: 5 }, 5, true],
    [{ mustBeBetween: [1, 3] as [number, number] }, 3, true],
    [{ mustBeBetween: [1, 3] as [number, number] }, 4, false],
    [{ mustNotBeBetween: [1, 3] as [number, number] }, 2, false],
    [{ mustNotBeBetween: [1, 3] as [number, number] }, 0, true],
    [{ mustBeGreaterThan: 1, mustBeLessThan: 10 }, 10, false],
  ])('%j holds for %d: %s', (threshold, value, holds) => {
    expect(thresholdHolds(threshold, value)).toBe(holds);
  });
});
