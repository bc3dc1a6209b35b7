import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import {
  computeChecksum,
  LINEAGE_JOBS,
  PiiFindingsMessage,
  piiFindingsMessageValidator,
  ProtectedRecordEnvelope,
  protectedRecordEnvelopeValidator,
  RecordEnvelope,
  TOPICS,
} from '@atlas/contracts';
import { OutgoingMessage, RecordBatch } from '@atlas/kafka';
import { recordBatchOf, recordEnvelope, resetResolving, stageCollaborators, TEST_RUN_ID as RUN_ID, TEST_TRACE_KEY as traceKey, traceContextOfRecord } from '@atlas/testing/unit-fixtures';
import { BUILT_IN_DEFAULT_POLICY, ResolvedPolicy } from '../anonymization/policies/policy.types';
import { PolicyService } from '../anonymization/policies/policy.service';
import { PiiAnalyzer } from '../detection/pii-analyzer';
import { createEmailRecognizer } from '../detection/recognizers/email.recognizer';
import { RecordProtector } from '../structured/record-protector';
import { piiFindingsTotal, piiRecordsTotal } from './protection.metrics';
import { PROTECT_STAGE, ProtectionService } from './protection.service';

const keys = { hashKey: Buffer.alloc(32, 1), encryptKey: Buffer.alloc(32, 2) };

const crmPolicy: ResolvedPolicy = {
  policyId: 'crm',
  version: 4,
  sourceId: 'crm',
  rules: { DEFAULT: { operator: 'replace' } },
  fieldRules: { ssn: { operator: 'drop' } },
};

function envelope(index: number, payload: Record<string, unknown>, sourceId = 'people'): RecordEnvelope {
  return recordEnvelope(index, payload, { sourceId });
}

function batchOf(records: RecordEnvelope[], partition = 0): RecordBatch<RecordEnvelope> {
  return recordBatchOf(TOPICS.EXPLORE_RECORDS, records, { traceContextOf: traceContextOfRecord, partition });
}

describe('ProtectionService', () => {
  let service: ProtectionService;
  let protector: RecordProtector;
  const { publish, recordHandled, recordExpected, registerStage, providers: stageProviders } = stageCollaborators();
  const policyFor = jest.fn<ResolvedPolicy, [string]>();
  const isLoaded = jest.fn<boolean, []>();
  const refresh = jest.fn<Promise<void>, []>();

  beforeEach(async () => {
    resetResolving(publish, recordHandled, recordExpected);
    policyFor.mockReset().mockImplementation((sourceId) => (sourceId === 'crm' ? crmPolicy : BUILT_IN_DEFAULT_POLICY));
    isLoaded.mockReset().mockReturnValue(true);
    refresh.mockReset().mockResolvedValue(undefined);
    protector = new RecordProtector(new PiiAnalyzer([createEmailRecognizer()]), { keys });
    const moduleRef = await Test.createTestingModule({
      providers: [
        ProtectionService,
        { provide: RecordProtector, useValue: protector },
        { provide: PolicyService, useValue: { policyFor, isLoaded, refresh } },
        ...stageProviders,
      ],
    }).compile();
    service = moduleRef.get(ProtectionService);
  });

  function publishedTo(topic: string): OutgoingMessage[] {
    const call = publish.mock.calls.find(([publishedTopic]) => publishedTopic === topic);
    if (!call) throw new Error(`nothing was published to ${topic}`);
    return [...call[1]];
  }

  function protectedRecords(): ProtectedRecordEnvelope[] {
    return publishedTo(TOPICS.PROTECTED_RECORDS).map((message) => message.value as ProtectedRecordEnvelope);
  }

  it('publishes each record with its protected payload, the policy version and the findings', async () => {
    const record = envelope(0, { id: 7, email: 'jane.doe@example.com', note: 'write to jane.doe@example.com.' });
    await service.protectBatch(batchOf([record]));

    const [protectedRecord] = protectedRecords();
    expect(protectedRecord).toEqual({
      ...record,
      payload: { id: 7, email: '<EMAIL_ADDRESS>', note: 'write to <EMAIL_ADDRESS>.' },
      // The checksum is that of the protected payload; the raw one would reveal guessable values.
      checksum: computeChecksum({ id: 7, email: '<EMAIL_ADDRESS>', note: 'write to <EMAIL_ADDRESS>.' }),
      protection: {
        policyId: 'default',
        policyVersion: 1,
        findings: [
          { field: 'email', entityType: 'EMAIL_ADDRESS', start: 0, end: 20, score: 1, operator: 'replace' },
          { field: 'note', entityType: 'EMAIL_ADDRESS', start: 9, end: 29, score: 1, operator: 'replace' },
        ],
      },
    });
    expect(protectedRecordEnvelopeValidator.validate(protectedRecord).valid).toBe(true);
  });

  it("takes the profile's column hints an Explore record carries as priors, never passes them on, and still scans what a type does not prove harmless", async () => {
    const columnHints = [
      { field: 'rating', kind: 'non_personal' as const, evidence: 'number_enum' as const, share: 1 },
      { field: 'active', kind: 'non_personal' as const, evidence: 'boolean' as const, share: 1 },
    ];
    const hinted = { ...envelope(0, { rating: 4, active: 'true', email: 'jane@example.com' }), columnHints };
    await service.protectBatch(batchOf([hinted, envelope(1, { rating: 5, active: 'write to jane@example.com', email: 'joe@example.org' })]));
    const published = protectedRecords();
    expect(published.map((record) => Object.keys(record).includes('columnHints'))).toEqual([false, false]);
    expect(published.map((record) => protectedRecordEnvelopeValidator.validate(record).valid)).toEqual([true, true]);
    expect(published.map((record) => record.payload)).toEqual([
      { rating: 4, active: 'true', email: '<EMAIL_ADDRESS>' },
      { rating: 5, active: 'write to <EMAIL_ADDRESS>', email: '<EMAIL_ADDRESS>' },
    ]);
    // rating: decided by the hint from the first record; active: decided too, then re-classified by the address found in it.
    expect(protector.classificationOf('people', 'rating')).toEqual({ entityType: null, confidence: 1, mode: 'none' });
    expect(protector.classificationOf('people', 'active')).toEqual({ entityType: null, confidence: 1, mode: 'free_text' });
    expect(protector.classificationOf('people', 'email')).toBeUndefined();
  });

  it('keys the protected record and its findings by record id, keeps its trace context and its partition', async () => {
    const record = envelope(0, { email: 'jane@example.com' });
    await service.protectBatch(batchOf([record], 3));
    const [message] = publishedTo(TOPICS.PROTECTED_RECORDS);
    expect(message.key).toBe(record.recordId);
    expect(message.traceContext?.getValue(traceKey)).toBe(record.recordId);
    expect(message.partitionHint).toBe(3);
    expect(publishedTo(TOPICS.PII_FINDINGS).map(({ key, partitionHint }) => ({ key, partitionHint }))).toEqual([{ key: record.recordId, partitionHint: 3 }]);
  });

  it('protects nested objects and arrays and reports the field path of each finding', async () => {
    const payload = { contact: { emails: ['no address here', 'john@example.org'], active: true, score: 3, manager: null } };
    await service.protectBatch(batchOf([envelope(0, payload)]));

    const [protectedRecord] = protectedRecords();
    expect(protectedRecord.payload).toEqual({ contact: { emails: ['no address here', '<EMAIL_ADDRESS>'], active: true, score: 3, manager: null } });
    expect(protectedRecord.protection.findings.map((finding) => finding.field)).toEqual(['contact.emails[1]']);
  });

  it('never lets the detected value into anything it publishes', async () => {
    await service.protectBatch(batchOf([envelope(0, { email: 'jane.doe@example.com', notes: ['ask jane.doe@example.com'] })]));
    const published = JSON.stringify(publish.mock.calls.flatMap(([, messages]) => messages.map((message) => message.value)));
    expect(published).toContain('<EMAIL_ADDRESS>');
    expect(published).not.toContain('jane.doe');
    expect(publishedTo(TOPICS.PII_FINDINGS)).toHaveLength(1);
  });

  it('leaves a record without personal data unchanged, with no findings', async () => {
    const record = envelope(0, { id: 1, city: 'Lyon', tags: ['a', 'b'], verified: false });
    await service.protectBatch(batchOf([record]));
    const [protectedRecord] = protectedRecords();
    expect(protectedRecord.payload).toEqual(record.payload);
    expect(protectedRecord.protection.findings).toEqual([]);
  });

  it('publishes a findings message only for records with findings, without payload', async () => {
    const withEmail = envelope(0, { email: 'jane@example.com' });
    const without = envelope(1, { city: 'Lyon' });
    await service.protectBatch(batchOf([withEmail, without]));

    const findingsMessages = publishedTo(TOPICS.PII_FINDINGS);
    expect(findingsMessages.map((message) => message.key)).toEqual([withEmail.recordId]);
    const findings = findingsMessages[0].value as PiiFindingsMessage;
    expect(piiFindingsMessageValidator.validate(findings).valid).toBe(true);
    expect(findings).toEqual({
      recordId: withEmail.recordId,
      sourceId: 'people',
      runId: RUN_ID,
      policyId: 'default',
      policyVersion: 1,
      findings: [{ field: 'email', entityType: 'EMAIL_ADDRESS', start: 0, end: 16, score: 1, operator: 'replace' }],
      detectedAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(findings.detectedAt))).toBe(false);
  });

  it('applies the policy of each record’s source', async () => {
    const crmRecord = envelope(0, { email: 'a@example.com', ssn: '078-05-1120' }, 'crm');
    const peopleRecord = envelope(1, { ssn: '078-05-1120' });
    await service.protectBatch(batchOf([crmRecord, peopleRecord]));

    expect(policyFor.mock.calls).toEqual([['crm'], ['people']]);
    const [protectedCrm, protectedPeople] = protectedRecords();
    expect(protectedCrm.protection).toMatchObject({ policyId: 'crm', policyVersion: 4 });
    expect(protectedCrm.payload).toEqual({ email: '<EMAIL_ADDRESS>' });
    expect(protectedPeople.protection).toMatchObject({ policyId: 'default', policyVersion: 1 });
    expect(protectedPeople.payload).toEqual({ ssn: '078-05-1120' });
  });

  it('counts each record for its run in lineage, with the fields it masked or dropped', async () => {
    const records = [envelope(0, { id: 1, email: 'a@example.com', ssn: 'x' }, 'crm'), envelope(1, { id: 2, city: 'Lyon' })];
    await service.protectBatch(batchOf(records));

    expect(recordHandled).toHaveBeenCalledTimes(1);
    const [stage, handled] = recordHandled.mock.calls[0];
    expect(stage).toBe(PROTECT_STAGE);
    expect(handled.map(({ runId, sourceId, index, outcome, maskedFields }) => ({ runId, sourceId, index, outcome, masked: Object.fromEntries(maskedFields ?? []) }))).toEqual([
      { runId: RUN_ID, sourceId: 'crm', index: 0, outcome: 'passed', masked: { id: false, email: true, ssn: true } },
      { runId: RUN_ID, sourceId: 'people', index: 1, outcome: 'passed', masked: { id: false, city: false } },
    ]);
    // The policy version that protected each record, for the column lineage.
    expect(handled.map((record) => record.maskingPolicy)).toEqual([
      { policyId: 'crm', policyVersion: 4 },
      { policyId: 'default', policyVersion: 1 },
    ]);
  });

  it('is the pii-detection.protect job: Explore in, protected records out, column lineage from Explore', () => {
    expect(PROTECT_STAGE).toEqual({
      jobName: LINEAGE_JOBS.PII_PROTECT,
      inputTopic: TOPICS.EXPLORE_RECORDS,
      inputs: [{ topic: TOPICS.EXPLORE_RECORDS }],
      outputs: [{ topic: TOPICS.PROTECTED_RECORDS }],
      columnLineageInput: { topic: TOPICS.EXPLORE_RECORDS },
    });
  });

  it("registers its stage, so that records its consumer dead-letters count for the stage's runs", () => {
    expect(registerStage).toHaveBeenLastCalledWith(PROTECT_STAGE);
  });

  it('passes the announced run counts on to the stage', async () => {
    const counts = [{ runId: RUN_ID, sourceId: 'people', topic: TOPICS.EXPLORE_RECORDS, recordCount: 3, writtenBy: LINEAGE_JOBS.CONNECTOR_EXPLORE }];
    await service.recordRunCounts(counts);
    expect(recordExpected).toHaveBeenCalledWith(PROTECT_STAGE, counts);
  });

  it('names only protected fields in the column lineage and findings when a key holds an e-mail', async () => {
    await service.protectBatch(batchOf([envelope(0, { id: 1, 'jane@example.com': { plan: 'gold' } })]));
    const [, handled] = recordHandled.mock.calls[0];
    // Before: the lineage listed the raw payload's keys, so the e-mail appeared in clear.
    expect(Object.fromEntries(handled[0].maskedFields ?? [])).toEqual({ id: false, '<EMAIL_ADDRESS>': true });
    expect(protectedRecords()[0].payload).toEqual({ id: 1, '<EMAIL_ADDRESS>': { plan: 'gold' } });
    expect(JSON.stringify(publish.mock.calls)).not.toContain('jane@');
    expect(JSON.stringify(recordHandled.mock.calls[0][1].map((record) => [...(record.maskedFields ?? [])]))).not.toContain('jane@');
  });

  it('keeps the consumer alive before each record, so long texts never let its group session expire', async () => {
    const batch = batchOf([envelope(0, { note: 'a' }), envelope(1, { note: 'b' }), envelope(2, { note: 'c' })]);
    const keepAlive = jest.spyOn(batch, 'keepAlive');
    await service.protectBatch(batch);
    expect(keepAlive).toHaveBeenCalledTimes(3);
  });

  it('publishes protected records first, then findings, then lineage', async () => {
    await service.protectBatch(batchOf([envelope(0, { email: 'a@example.com' })]));
    expect(publish.mock.calls.map(([topic]) => topic)).toEqual([TOPICS.PROTECTED_RECORDS, TOPICS.PII_FINDINGS]);
    expect(publish.mock.invocationCallOrder[1]).toBeLessThan(recordHandled.mock.invocationCallOrder[0]);
  });

  it('reports no lineage when publishing fails, so the batch is retried', async () => {
    publish.mockRejectedValueOnce(new Error('broker unavailable'));
    await expect(service.protectBatch(batchOf([envelope(0, { email: 'a@example.com' })]))).rejects.toThrow('broker unavailable');
    expect(recordHandled).not.toHaveBeenCalled();
  });
  it('protects nothing until the policies have been read, so a field rule is never skipped', async () => {
    isLoaded.mockReturnValue(false);
    refresh.mockRejectedValueOnce(new Error('connection refused'));
    await expect(service.protectBatch(recordBatchOf(TOPICS.EXPLORE_RECORDS, [recordEnvelope(0, { email: 'a@example.com' })]))).rejects.toThrow('connection refused');
    expect(publish).not.toHaveBeenCalled();
    await service.protectBatch(recordBatchOf(TOPICS.EXPLORE_RECORDS, [recordEnvelope(0, { email: 'a@example.com' })]));
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(publish).toHaveBeenCalled();
  });

  it('counts findings by source, entity type and operator, and records with and without findings, once the batch is processed', async () => {
    piiFindingsTotal.reset();
    piiRecordsTotal.reset();
    const batch = batchOf([
      envelope(0, { email: 'jane.doe@example.com', note: 'or jane@example.org' }, 'crm'),
      envelope(1, { city: 'Lyon' }, 'crm'),
    ]);
    await service.protectBatch(batch);
    expect((await piiFindingsTotal.get()).values).toEqual([]);
    batch.processed();
    expect((await piiFindingsTotal.get()).values).toEqual([{ labels: { source: 'crm', entity_type: 'EMAIL_ADDRESS', operator: 'replace' }, value: 2 }]);
    expect((await piiRecordsTotal.get()).values).toEqual([
      { labels: { source: 'crm', result: 'with_findings' }, value: 1 },
      { labels: { source: 'crm', result: 'without_findings' }, value: 1 },
    ]);
  });
});
