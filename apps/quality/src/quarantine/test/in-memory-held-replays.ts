import type { HeldReplayState } from '../../contracts/held-replay-requests';
import type { ClaimedReplay, HeldReplayRepository } from '../held-replay.repository';
import type { QuarantineRepository } from '../quarantine.repository';
import type { InMemoryQuarantine } from './in-memory-quarantine';

/** A `quality.held_replays` row as the fake keeps it. */
export interface FakeReplay {
  replayId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  state: HeldReplayState;
  ageMs: number;
  leased: boolean;
  judged: number;
  released: number;
  stillQuarantined: number;
  notReplayable: number;
  attempts: number;
  lastError: string | null;
}

/** HeldReplayRepository over an InMemoryQuarantine, with its semantics: claim the oldest free, held = contract `none` and not released. */
export class InMemoryHeldReplays {
  readonly replays: FakeReplay[] = [];
  /** Set to make the next recordBatch fail after the records were published (a crash before the commit). */
  failNextRecord = false;

  constructor(private readonly quarantine: InMemoryQuarantine) {}

  request(sourceId: string, contractVersion: string, ageMs = 60_000): FakeReplay {
    for (const replay of this.replays) if (replay.sourceId === sourceId && (replay.state === 'pending' || replay.state === 'running')) replay.state = 'superseded';
    const replay: FakeReplay = {
      replayId: `replay-${this.replays.length + 1}`,
      sourceId,
      contractId: 'orders-contract',
      contractVersion,
      state: 'pending',
      ageMs,
      leased: false,
      judged: 0,
      released: 0,
      stillQuarantined: 0,
      notReplayable: 0,
      attempts: 0,
      lastError: null,
    };
    this.replays.push(replay);
    return replay;
  }

  private held(sourceId: string) {
    return [...this.quarantine.rows.values()].filter((row) => row.sourceId === sourceId && row.contractId === 'none' && row.releasedAt === null);
  }

  asRepository(): HeldReplayRepository {
    const store = this.quarantine.asRepository() as QuarantineRepository;
    const running = (replayId: string) => this.replays.find((replay) => replay.replayId === replayId && replay.state === 'running');
    const repository: Pick<HeldReplayRepository, 'claim' | 'heldPage' | 'recordBatch' | 'finish' | 'postpone' | 'fail'> = {
      claim: async (): Promise<ClaimedReplay | undefined> => {
        const replay = this.replays.find((each) => (each.state === 'pending' || each.state === 'running') && !each.leased);
        if (!replay) return undefined;
        Object.assign(replay, { state: 'running', leased: true });
        return { replayId: replay.replayId, sourceId: replay.sourceId, contractId: replay.contractId, contractVersion: replay.contractVersion, ageMs: replay.ageMs };
      },
      heldPage: async (sourceId, limit) =>
        this.held(sourceId)
          .filter((row) => row.envelope !== null)
          .sort((left, right) => (left.recordId < right.recordId ? -1 : 1))
          .slice(0, limit),
      recordBatch: async (replayId, released, stillQuarantined) => {
        if (this.failNextRecord) {
          this.failNextRecord = false;
          throw new Error('connection terminated');
        }
        const releasedCount = (await store.markReleased(released)).length;
        const keptCount = await store.recordStillQuarantined(stillQuarantined);
        const replay = running(replayId);
        if (replay) Object.assign(replay, { judged: replay.judged + releasedCount + keptCount, released: replay.released + releasedCount, stillQuarantined: replay.stillQuarantined + keptCount });
        return { recorded: releasedCount + keptCount, continues: replay !== undefined };
      },
      finish: async (replayId) => {
        const replay = running(replayId);
        if (replay) Object.assign(replay, { state: 'succeeded', leased: false, notReplayable: this.held(replay.sourceId).filter((row) => row.envelope === null).length });
      },
      postpone: async (replayId, _retryInMs, failure) => {
        const replay = running(replayId);
        // The lease runs out later; the tests let it lapse by hand (`lapse`).
        if (replay && failure !== undefined) Object.assign(replay, { lastError: failure, attempts: replay.attempts + 1 });
      },
      fail: async (replayId, failure) => {
        const replay = running(replayId);
        if (replay) Object.assign(replay, { state: 'failed', leased: false, lastError: failure });
      },
    };
    return repository as HeldReplayRepository;
  }

  /** Lets every lease run out (time passing). */
  lapse(ageMs?: number): void {
    for (const replay of this.replays) Object.assign(replay, { leased: false, ...(ageMs === undefined ? {} : { ageMs }) });
  }
}
