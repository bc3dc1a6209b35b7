import { assignRuns, RawRecordRun, RawRunPolicy } from './raw-record-runs';

const POLICY: RawRunPolicy = { windowMs: 5000, maxRecords: 4, maxSpan: 40 };
const runIdOf = (firstOffset: number) => `run-${firstOffset}`;

function run(firstOffset: number, lastOffset: number, recordCount: number, openedAt: number, closed = false): RawRecordRun {
  return { runId: runIdOf(firstOffset), firstOffset, lastOffset, recordCount, openedAt, closed };
}

function placed(plan: ReturnType<typeof assignRuns>): Array<[number, string, number, boolean]> {
  return plan.assignments.map(({ offset, runId, index, fresh }) => [offset, runId, index, fresh]);
}

describe('assignRuns', () => {
  it('opens a run at the first record and adds the next ones within its window, each at its distance from the first offset', () => {
    const plan = assignRuns([], [10, 11, 13], 1000, POLICY, runIdOf);
    expect(placed(plan)).toEqual([
      [10, 'run-10', 0, true],
      [11, 'run-10', 1, true],
      [13, 'run-10', 3, true],
    ]);
    expect(plan.changed).toEqual([run(10, 13, 3, 1000)]);
    expect(plan.opened.map((opened) => opened.runId)).toEqual(['run-10']);
    expect(plan.closed).toEqual([]);
  });

  it('adds to the open run while its window lasts, and closes it for a new one once it has passed', () => {
    const open = run(10, 13, 3, 1000);
    expect(placed(assignRuns([open], [14], 5999, POLICY, runIdOf))).toEqual([[14, 'run-10', 4, true]]);
    const plan = assignRuns([open], [14, 15], 6000, POLICY, runIdOf);
    expect(placed(plan)).toEqual([
      [14, 'run-14', 0, true],
      [15, 'run-14', 1, true],
    ]);
    expect(plan.closed).toEqual([run(10, 13, 3, 1000, true)]);
    expect(plan.changed).toEqual([run(10, 13, 3, 1000, true), run(14, 15, 2, 6000)]);
    expect(plan.opened.map((opened) => opened.runId)).toEqual(['run-14']);
  });

  it('begins a new run at the most records or the widest span of offsets a run may have', () => {
    const byCount = assignRuns([], [0, 1, 2, 3, 4, 5], 0, POLICY, runIdOf);
    expect(placed(byCount).map(([offset, runId]) => [offset, runId])).toEqual([
      [0, 'run-0'],
      [1, 'run-0'],
      [2, 'run-0'],
      [3, 'run-0'],
      [4, 'run-4'],
      [5, 'run-4'],
    ]);
    expect(byCount.closed).toEqual([run(0, 3, 4, 0, true)]);
    const bySpan = assignRuns([], [0, 40, 41], 0, POLICY, runIdOf);
    expect(placed(bySpan).map(([offset, runId, index]) => [offset, runId, index])).toEqual([
      [0, 'run-0', 0],
      [40, 'run-0', 40],
      [41, 'run-41', 0],
    ]);
  });

  it('puts a record delivered again in the run it was given, at the same position, without counting it again', () => {
    const closed = run(10, 13, 3, 1000, true);
    const open = run(20, 22, 2, 7000);
    const plan = assignRuns([closed, open], [11, 13, 21, 22, 23], 8000, POLICY, runIdOf);
    expect(placed(plan)).toEqual([
      [11, 'run-10', 1, false],
      [13, 'run-10', 3, false],
      [21, 'run-20', 1, false],
      [22, 'run-20', 2, false],
      [23, 'run-20', 3, true],
    ]);
    expect(plan.changed).toEqual([run(20, 23, 3, 7000)]);
    expect(plan.closed).toEqual([]);
  });

  it('gives records before a stored run (their own run forgotten) runs of their own, closed at once, never spanning a stored run', () => {
    const stored = [run(10, 13, 3, 1000, true), run(20, 22, 2, 7000)];
    const plan = assignRuns(stored, [5, 6, 12, 15, 16, 30], 8000, POLICY, runIdOf);
    expect(placed(plan)).toEqual([
      [5, 'run-5', 0, true],
      [6, 'run-5', 1, true],
      [12, 'run-10', 2, false],
      [15, 'run-15', 0, true],
      [16, 'run-15', 1, true],
      [30, 'run-20', 10, true],
    ]);
    expect(plan.closed).toEqual([run(5, 6, 2, 8000, true), run(15, 16, 2, 8000, true)]);
    expect(plan.changed).toEqual([run(5, 6, 2, 8000, true), run(15, 16, 2, 8000, true), run(20, 30, 3, 7000)]);
  });

  it('changes nothing when every record was assigned before', () => {
    const plan = assignRuns([run(10, 13, 3, 1000, true)], [10, 12], 9000, POLICY, runIdOf);
    expect(plan.changed).toEqual([]);
    expect(plan.opened).toEqual([]);
  });
});
