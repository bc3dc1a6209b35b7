import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ChartRecordEnvelope, chartRecordEnvelopeValidator, LINEAGE_JOBS, ProtectedRecordEnvelope, TOPICS } from '@atlas/contracts';
import { recordEnvelope, resetResolving, stageCollaborators, testRecordId } from '@atlas/testing/unit-fixtures';
import type { SourceContractChecker } from '../checks/record-checker';
import { ActiveContractRegistry } from '../contracts/active-contract.registry';
import { checkerFor, compileContract } from '../contracts/contract-compilation';
import type { OdcsDocument } from '../contracts/odcs-document';
import { QualityEnvironment } from '../quality-environment';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { ResultsRepository } from '../results/results.repository';
import { QuarantinedRecordRepository } from '../validation/quarantined-record.repository';
import { ValidationService } from '../validation/validation.service';
import { QuarantineRepository } from './quarantine.repository';
import { ReplayService } from './replay.service';
import { InMemoryQuarantine } from './test/in-memory-quarantine';

function ordersChecker(version: string, maximum: number): SourceContractChecker {
  const document = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version,
    status: 'active',
    schema: [{ name: 'orders', properties: [{ name: 'amount', logicalType: 'number', required: true, logicalTypeOptions: { maximum } }] }],
  } as OdcsDocument;
  return checkerFor(compileContract(document), 'orders')!;
}

function order(index: number, amount: number | undefined): ProtectedRecordEnvelope {
  const payload = amount === undefined ? {} : { amount };
  return { ...recordEnvelope(index, payload, { sourceId: 'orders' }), protection: { policyId: 'default', policyVersion: 1, findings: [] } };
}

const OVER_100 = [{ checkId: 'orders.amount.maximum', checkName: 'amount is at most 100', rule: 'maximum', field: 'amount', level: 'fail' as const, outcome: 'fail' as const, measuredValue: 500 }];

describe('ReplayService', () => {
  const prepareReferences = jest.fn(async (_checkers: Set<unknown>) => undefined);
  let service: ReplayService;
  let store: InMemoryQuarantine;
  const { publish, publishStageRun, providers: stageProviders } = stageCollaborators();
  const checkers = new Map<string, SourceContractChecker>();
  const refresh = jest.fn(async () => undefined);

  beforeEach(async () => {
    resetResolving(publish, publishStageRun);
    refresh.mockClear();
    store = new InMemoryQuarantine();
    checkers.set('orders', ordersChecker('2.0.0', 1000));
    const moduleRef = await Test.createTestingModule({
      providers: [
        ReplayService,
        ValidationService,
        { provide: QuarantineRepository, useValue: store.asRepository() },
        { provide: QuarantinedRecordRepository, useValue: { insertIgnoringDuplicates: jest.fn() } },
        { provide: ResultsRepository, useValue: { addJudged: jest.fn() } },
        { provide: ActiveContractRegistry, useValue: { forSource: (sourceId: string) => checkers.get(sourceId), isLoaded: () => true, refresh } },
        { provide: QualityEnvironment, useValue: new QualityEnvironment() },
        { provide: ReferenceTablesService, useValue: { prepare: prepareReferences } },
        ...stageProviders,
      ],
    }).compile();
    service = moduleRef.get(ReplayService);
  });

  function chartMessages(): ChartRecordEnvelope[] {
    return publish.mock.calls.filter(([topic]) => topic === TOPICS.CHART_RECORDS).flatMap(([, messages]) => messages.map((message) => message.value as ChartRecordEnvelope));
  }

  it('loads the reference tables of the checkers it judges with before judging, as the stream does', async () => {
    const record = order(1, 500);
    store.add(record, '0', []);
    prepareReferences.mockClear();
    await service.replayRecord(record.recordId);
    expect(prepareReferences.mock.calls).toEqual([[new Set([checkers.get('orders')])]]);
  });

  it('publishes a record the current version accepts to Chart exactly as the stream would, and marks it released', async () => {
    const record = order(1, 500);
    store.add(record, '1.0.0', OVER_100);
    expect(await service.replayRecord(record.recordId)).toEqual({ recordId: record.recordId, outcome: 'released', contractId: 'orders-contract', contractVersion: '2.0.0', reasons: [] });
    expect(refresh).toHaveBeenCalledTimes(1);
    const [published] = chartMessages();
    const dataset = {
      columns: [{ name: 'amount', logicalType: 'number', required: true }],
      primaryKey: [],
    };
    expect(published).toEqual({ ...record, quality: { contractId: 'orders-contract', contractVersion: '2.0.0', valid: true, dataset } });
    expect(chartRecordEnvelopeValidator.validate(published).valid).toBe(true);
    expect(store.rows.get(record.recordId)).toMatchObject({ contractVersion: '1.0.0', reasons: OVER_100, releasedContractVersion: '2.0.0', replayCount: 1 });
    const [stageRun] = publishStageRun.mock.calls[0];
    expect(stageRun.jobName).toBe(LINEAGE_JOBS.QUALITY_REPLAY);
    expect(stageRun.records.map((reference) => reference.recordId)).toEqual([record.recordId]);
  });

  it('answers already_released for a released record and publishes nothing', async () => {
    const record = order(1, 500);
    store.add(record, '1.0.0', OVER_100);
    await service.replayRecord(record.recordId);
    publish.mockClear();
    expect(await service.replayRecord(record.recordId)).toEqual({ recordId: record.recordId, outcome: 'already_released', contractId: 'orders-contract', contractVersion: '2.0.0', reasons: [] });
    expect(publish).not.toHaveBeenCalled();
  });

  it('keeps a record the current version still refuses, with the new reasons and version', async () => {
    const record = order(2, 5000);
    store.add(record, '1.0.0', OVER_100);
    const view = await service.replayRecord(record.recordId);
    expect(view).toEqual({
      recordId: record.recordId,
      outcome: 'quarantined',
      contractId: 'orders-contract',
      contractVersion: '2.0.0',
      reasons: [{ checkId: 'orders.amount.maximum', checkName: 'amount is at most 1000', rule: 'maximum', field: 'amount', level: 'fail', outcome: 'fail', measuredValue: 5000, message: 'amount is 5000, not at most 1000' }],
    });
    expect(chartMessages()).toEqual([]);
    expect(store.rows.get(record.recordId)).toMatchObject({ contractVersion: '2.0.0', reasons: view.reasons, releasedAt: null, replayCount: 1 });
  });

  it('refuses unknown records (404) and records stored without their envelope (409)', async () => {
    await expect(service.replayRecord(testRecordId(9))).rejects.toMatchObject({ status: 404 });
    const old = order(3, 500);
    store.add(old, '1.0.0', OVER_100, { withEnvelope: false });
    await expect(service.replayRecord(old.recordId)).rejects.toMatchObject({ status: 409 });
    expect(publish).not.toHaveBeenCalled();
  });

  it('replays a selection page by page, judging each record once, and counts the outcomes', async () => {
    for (let index = 0; index < 7; index++) store.add(order(index, index % 2 === 0 ? 500 : 5000), '1.0.0', OVER_100);
    store.add(order(7, 500), '1.0.0', OVER_100, { withEnvelope: false });
    expect(await service.replaySelection({ sourceId: 'orders' })).toEqual({ judged: 7, released: 4, stillQuarantined: 3, notReplayable: 1, more: false });
    expect(chartMessages().map((message) => message.position.index).sort()).toEqual([0, 2, 4, 6]);
    publish.mockClear();
    // Again: only the three still quarantined (and the one without envelope) are looked at, nothing is published.
    expect(await service.replaySelection({ sourceId: 'orders' })).toEqual({ judged: 3, released: 0, stillQuarantined: 3, notReplayable: 1, more: false });
    expect(chartMessages()).toEqual([]);
  });

  it('stops at the limit and says more records are waiting', async () => {
    for (let index = 0; index < 5; index++) store.add(order(index, 500), '1.0.0', OVER_100);
    expect(await service.replaySelection({ sourceId: 'orders' }, 3)).toEqual({ judged: 3, released: 3, stillQuarantined: 0, notReplayable: 0, more: true });
    expect(await service.replaySelection({ sourceId: 'orders' }, 3)).toEqual({ judged: 2, released: 2, stillQuarantined: 0, notReplayable: 0, more: false });
  });

  it('replays only the selected run and failed check', async () => {
    store.add(order(0, 500), '1.0.0', OVER_100);
    store.add(order(1, undefined), '1.0.0', [{ checkId: 'orders.amount.not_null', checkName: 'amount is required', rule: 'not_null', field: 'amount', level: 'fail', outcome: 'fail', measuredValue: 'missing' }]);
    expect(await service.replaySelection({ sourceId: 'orders', checkId: 'orders.amount.maximum' })).toEqual({ judged: 1, released: 1, stillQuarantined: 0, notReplayable: 0, more: false });
    expect(await service.replaySelection({ sourceId: 'orders', runId: '00000000-0000-4000-8000-000000000000' })).toEqual({ judged: 0, released: 0, stillQuarantined: 0, notReplayable: 0, more: false });
  });
});
