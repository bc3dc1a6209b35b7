import { CheckpointTracker } from './checkpoint-tracker';
import { RunCheckpoint } from './run.entity';

function checkpoint(published: number): RunCheckpoint {
  return { state: { offset: published * 10 }, read: published, published, deadLettered: 0 };
}

describe('CheckpointTracker', () => {
  it('commits nothing while a record before the checkpoint is not stored', async () => {
    const tracker = new CheckpointTracker(0);
    tracker.add(checkpoint(100));
    expect(await tracker.promote(async () => 99)).toBeUndefined();
    expect(tracker.hasPending()).toBe(true);
  });

  it('commits the newest checkpoint whose records are all stored, dropping the older ones', async () => {
    const tracker = new CheckpointTracker(0);
    tracker.add(checkpoint(100));
    tracker.add(checkpoint(200));
    tracker.add(checkpoint(300));
    const stored = new Map([
      ['0-300', 250],
      ['0-200', 200],
    ]);
    const counter = jest.fn(async (from: number, to: number) => stored.get(`${from}-${to}`) ?? 0);
    expect(await tracker.promote(counter)).toEqual(checkpoint(200));
    // Binary search: the middle one first, then the newer half.
    expect(counter.mock.calls).toEqual([
      [0, 200],
      [0, 300],
    ]);
    // Counting then starts at the committed checkpoint.
    expect(await tracker.promote(async (from, to) => (from === 200 && to === 300 ? 100 : 0))).toEqual(checkpoint(300));
    expect(tracker.hasPending()).toBe(false);
  });

  it('finds the newest stored checkpoint among many in logarithmic counts', async () => {
    const tracker = new CheckpointTracker(0);
    for (let published = 1000; published <= 64000; published += 1000) tracker.add(checkpoint(published));
    const counter = jest.fn(async (from: number, to: number) => Math.min(to, 41500) - from);
    expect(await tracker.promote(counter)).toEqual(checkpoint(41000));
    expect(counter.mock.calls.length).toBeLessThanOrEqual(7);
  });

  it('commits a checkpoint with no new record (only malformed rows since) without asking', async () => {
    const tracker = new CheckpointTracker(50);
    tracker.add({ ...checkpoint(50), read: 80, deadLettered: 30 });
    const counter = jest.fn(async () => 0);
    expect(await tracker.promote(counter)).toEqual({ ...checkpoint(50), read: 80, deadLettered: 30 });
    expect(counter).not.toHaveBeenCalled();
  });
});
