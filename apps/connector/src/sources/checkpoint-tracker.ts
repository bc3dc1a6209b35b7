import { RunCheckpoint } from './run.entity';

/** Counts a run's records stored in Explore with an index in [from, to). */
export type StoredCounter = (from: number, to: number) => Promise<number>;

/**
 * Holds a run's checkpoints until they count: a checkpoint is committed only once every record
 * published before it is stored in Explore (state is never ahead of data). Explore stores records
 * from several partitions in any order, so the newest checkpoint whose whole range is stored wins;
 * the older ones are dropped with it.
 */
export class CheckpointTracker {
  private readonly pending: RunCheckpoint[] = [];

  constructor(private committedPublished: number) {}

  add(checkpoint: RunCheckpoint): void {
    this.pending.push(checkpoint);
  }

  /** The published count of the last committed checkpoint (every record before it is stored). */
  committed(): number {
    return this.committedPublished;
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * The newest pending checkpoint now fully stored (removed with the ones before it), or undefined.
   * "Everything before it is stored" holds for a prefix of the pending list, so a binary search
   * finds the newest one in log2(pending) counts.
   */
  async promote(countStored: StoredCounter): Promise<RunCheckpoint | undefined> {
    const isStored = async (checkpoint: RunCheckpoint) => {
      const expected = checkpoint.published - this.committedPublished;
      return expected <= 0 || (await countStored(this.committedPublished, checkpoint.published)) >= expected;
    };
    let low = 0;
    let high = this.pending.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (await isStored(this.pending[middle])) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found < 0) return undefined;
    const [candidate] = this.pending.splice(0, found + 1).slice(-1);
    this.committedPublished = candidate.published;
    return candidate;
  }
}
