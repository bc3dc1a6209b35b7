import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ChartRecordEnvelope, ProtectedRecordEnvelope, TOPICS } from '@atlas/contracts';
import { recordEnvelope, resetResolving, stageCollaborators } from '@atlas/testing/unit-fixtures';
import type { SourceContractChecker } from '../checks/record-checker';
import { ActiveContractRegistry } from '../contracts/active-contract.registry';
import { checkerFor, compileContract } from '../contracts/contract-compilation';
import type { OdcsDocument } from '../contracts/odcs-document';
import { QualityEnvironment } from '../quality-environment';
import { ResultsRepository } from '../results/results.repository';
import { QuarantinedRecordRepository } from '../validation/quarantined-record.repository';
import { noActiveContractReason } from '../validation/record-judgement';
import { ValidationService } from '../validation/validation.service';
import { HeldReplayRepository } from './held-replay.repository';
import { HELD_REPLAY_TIMING, HeldReplayWorker } from './held-replay.worker';
import { QuarantineRepository } from './quarantine.repository';
import { ReplayService } from './replay.service';
import { InMemoryHeldReplays } from './test/in-memory-held-replays';
import { InMemoryQuarantine } from './test/in-memory-quarantine';
import { ReferenceTablesService } from '../references/reference-tables.service';

function ordersChecker(version: string): SourceContractChecker {
  const document = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version,
    status: 'active',
    schema: [{ name: 'orders', properties: [{ name: 'amount', logicalType: 'number', required: true, logicalTypeOptions: { maximum: 1000 } }] }],
  } as OdcsDocument;
  return checkerFor(compileContract(document), 'orders')!;
}

function order(index: number, amount: number, sourceId = 'orders'): ProtectedRecordEnvelope {
  return { ...recordEnvelope(index, { amount }, { sourceId }), protection: { policyId: 'default', policyVersion: 1, findings: [] } };
}

describe('HeldReplayWorker', () => {
  const { publish, publishStageRun, providers: stageProviders } = stageCollaborators();
  const checkers = new Map<string, SourceContractChecker>();
  let quarantine: InMemoryQuarantine;
  let replays: InMemoryHeldReplays;
  let worker: HeldReplayWorker;

  beforeEach(async () => {
    resetResolving(publish, publishStageRun);
    checkers.clear();
    checkers.set('orders', ordersChecker('1.0.0'));
    quarantine = new InMemoryQuarantine();
    replays = new InMemoryHeldReplays(quarantine);
    const moduleRef = await Test.createTestingModule({
      providers: [
        HeldReplayWorker,
        ReplayService,
        ValidationService,
        { provide: HeldReplayRepository, useValue: replays.asRepository() },
        { provide: QuarantineRepository, useValue: quarantine.asRepository() },
        { provide: QuarantinedRecordRepository, useValue: { insertIgnoringDuplicates: jest.fn() } },
        { provide: ResultsRepository, useValue: { addJudged: jest.fn() } },
        { provide: ActiveContractRegistry, useValue: { forSource: (sourceId: string) => checkers.get(sourceId), isLoaded: () => true, refresh: async () => undefined, refreshIntervalMs: 5_000 } },
        { provide: QualityEnvironment, useValue: new QualityEnvironment() },
        { provide: ReferenceTablesService, useValue: { prepare: async () => undefined } },
        { provide: HELD_REPLAY_TIMING, useValue: { tickMs: 1_000, leaseMs: 15_000, retryMs: 5_000 } },
        ...stageProviders,
      ],
    }).compile();
    worker = moduleRef.get(HeldReplayWorker);
  });

  function hold(record: ProtectedRecordEnvelope, options: { withEnvelope?: boolean } = {}): void {
    quarantine.add(record, '0', [noActiveContractReason(record.sourceId)], { contractId: 'none', ...options });
  }

  /** Chart publications per record index, in publishing order. */
  function chartIndexes(): number[] {
    return publish.mock.calls.filter(([topic]) => topic === TOPICS.CHART_RECORDS).flatMap(([, messages]) => messages.map((message) => (message.value as ChartRecordEnvelope).position.index));
  }

  it('replays the source held records through the activated version: valid ones to Chart once, the others kept with their real reasons', async () => {
    [order(0, 10), order(1, 5000), order(2, 20), order(3, 30)].forEach((record) => hold(record));
    hold(order(4, 10, 'payments'));
    hold(order(5, 10), { withEnvelope: false });
    const replay = replays.request('orders', '1.0.0');

    expect(await worker.runDue()).toBe(1);

    expect(chartIndexes()).toEqual([0, 2, 3]);
    const published = publish.mock.calls[0][1][0].value as ChartRecordEnvelope;
    expect(published.quality).toEqual({ contractId: 'orders-contract', contractVersion: '1.0.0', valid: true, dataset: { columns: [{ name: 'amount', logicalType: 'number', required: true }], primaryKey: [] } });
    expect(replay).toMatchObject({ state: 'succeeded', judged: 4, released: 3, stillQuarantined: 1, notReplayable: 1, attempts: 0, lastError: null });
    const kept = [...quarantine.rows.values()].find((row) => row.positionIndex === 1)!;
    expect(kept).toMatchObject({ contractId: 'orders-contract', contractVersion: '1.0.0', releasedAt: null, replayCount: 1 });
    expect(kept.reasons).toEqual([
      { checkId: 'orders.amount.maximum', checkName: 'amount is at most 1000', rule: 'maximum', field: 'amount', level: 'fail', outcome: 'fail', measuredValue: 5000, message: 'amount is 5000, not at most 1000' },
    ]);
    // Released rows keep the reason that held them (the audit); the other source's held record and the one stored without envelope stay held.
    expect([...quarantine.rows.values()].filter((row) => row.releasedAt !== null).map((row) => [row.positionIndex, row.contractId, row.releasedContractVersion])).toEqual([
      [0, 'none', '1.0.0'],
      [2, 'none', '1.0.0'],
      [3, 'none', '1.0.0'],
    ]);
    expect([...quarantine.rows.values()].filter((row) => row.contractId === 'none' && row.releasedAt === null).map((row) => [row.sourceId, row.positionIndex])).toEqual([
      ['payments', 4],
      ['orders', 5],
    ]);
    expect(publishStageRun).toHaveBeenCalledTimes(1);
  });

  it('activating again replays nothing twice', async () => {
    [order(0, 10), order(1, 5000)].forEach((record) => hold(record));
    replays.request('orders', '1.0.0');
    await worker.runDue();
    publish.mockClear();

    const again = replays.request('orders', '1.0.0');
    expect(await worker.runDue()).toBe(1);
    expect(chartIndexes()).toEqual([]);
    expect(again).toMatchObject({ state: 'succeeded', judged: 0, released: 0, stillQuarantined: 0 });
  });

  it('judges in bounded batches of 500', async () => {
    for (let index = 0; index < 1_201; index++) hold(order(index, 10));
    const replay = replays.request('orders', '1.0.0');
    await worker.runDue();
    const chartBatches = publish.mock.calls.filter(([topic]) => topic === TOPICS.CHART_RECORDS).map(([, messages]) => messages.length);
    expect(chartBatches).toEqual([500, 500, 201]);
    expect(replay).toMatchObject({ state: 'succeeded', judged: 1_201, released: 1_201 });
  });

  it('resumes after a crash between publishing and recording a batch: the batch is published again, counted once', async () => {
    for (let index = 0; index < 700; index++) hold(order(index, 10));
    const replay = replays.request('orders', '1.0.0');
    replays.failNextRecord = true;

    await worker.runDue();
    expect(replay).toMatchObject({ state: 'running', judged: 0, attempts: 1, lastError: 'unclassified Error' });
    expect(chartIndexes()).toHaveLength(500);

    replays.lapse();
    await worker.runDue();
    expect(replay).toMatchObject({ state: 'succeeded', judged: 700, released: 700, attempts: 1 });
    // The first 500 twice (at least once; Navigate is keyed by record id), the last 200 once.
    const counts = new Map<number, number>();
    for (const index of chartIndexes()) counts.set(index, (counts.get(index) ?? 0) + 1);
    expect([...counts.values()].filter((count) => count === 2)).toHaveLength(500);
    expect(counts.size).toBe(700);
  });

  it('waits two contract refresh intervals after the activation before it ends, then replays records held meanwhile', async () => {
    hold(order(0, 10));
    const replay = replays.request('orders', '1.0.0', 3_000);
    await worker.runDue();
    expect(replay).toMatchObject({ state: 'running', judged: 1 });

    // A replica still on the old (no) contract held one more record before its refresh.
    hold(order(1, 10));
    replays.lapse(10_000);
    await worker.runDue();
    expect(replay).toMatchObject({ state: 'succeeded', judged: 2, released: 2 });
    expect(chartIndexes()).toEqual([0, 1]);
  });

  it('fails a replay whose version no longer governs the source, judging nothing', async () => {
    hold(order(0, 10));
    checkers.set('orders', ordersChecker('2.0.0'));
    const replay = replays.request('orders', '1.0.0');
    await worker.runDue();
    expect(replay).toMatchObject({ state: 'failed', judged: 0, lastError: 'contract "orders-contract" version 1.0.0 does not govern source "orders" any more (or does not compile)' });
    expect(publish).not.toHaveBeenCalled();
  });
});
