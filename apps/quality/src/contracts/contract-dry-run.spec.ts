import { judgeRecord } from '../validation/record-judgement';
import { checkerFor, compileContract } from './contract-compilation';
import { dryRun, dryRunProtected } from './contract-dry-run';

describe('dry-run of a SodaCL contract', () => {
  it('judges each record and evaluates the aggregate checks over the sample as one window', async () => {
    const contract = compileContract({
      format: 'sodacl',
      id: 'payments-soda',
      version: '1.0.0',
      sodacl: 'checks for payments:\n  - invalid_count(currency) = 0:\n      valid values: [EUR]\n  - row_count > 2\n  - avg(amount):\n      warn: when > 10\n  - missing_percent(note) < 50%\n',
    });
    const view = await dryRun(contract, { records: [{ currency: 'EUR', amount: 5, note: 'a' }, { currency: 'GBP', amount: 25 }] });
    expect(view.summary).toEqual({ records: 2, valid: 1, quarantined: 1, warned: 0 });
    expect(view.records[1].failed.map((result) => [result.checkId, result.measuredValue])).toEqual([['payments.currency.invalid_count', 'GBP']]);
    expect(view.windows).toEqual([
      { checkId: 'payments.row_count', metric: 'row_count', outcome: 'fail', measuredValue: 2, rows: 2 },
      { checkId: 'payments.amount.avg', metric: 'avg', outcome: 'warn', measuredValue: 15, rows: 2 },
      { checkId: 'payments.note.missing_percent', metric: 'missing_percent', outcome: 'fail', measuredValue: 50, rows: 2 },
    ]);
  });
});

describe('dry-run of Explore records protected by pii-detection', () => {
  const contract = compileContract({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version: '1.0.0',
    status: 'active',
    schema: [
      {
        name: 'orders',
        properties: [
          { name: 'order_id', logicalType: 'integer', required: true },
          { name: 'amount', logicalType: 'number', logicalTypeOptions: { minimum: 0 } },
          { name: 'contact', logicalType: 'string', required: true, logicalTypeOptions: { format: 'email' }, quality: [{ metric: 'missingValues', mustBeLessThan: 2 }] },
        ],
      },
    ],
  } as never);
  const RUN_ID = '0190f6a2-0000-7000-8000-0000000000aa';
  const emailFinding = { field: 'contact', entityType: 'EMAIL_ADDRESS', start: 0, end: 15, score: 1, operator: 'replace' };
  const record = (index: number, payload: Record<string, unknown>, findings: (typeof emailFinding)[]) => ({
    recordId: `0190f6a2-0000-7000-8000-00000000000${index}`,
    runId: RUN_ID,
    position: { index, location: `file:orders.csv:${index + 2}` },
    ingestedAt: '2026-11-30T17:00:00.000Z',
    payload,
    protection: { policyId: 'default', policyVersion: 2, findings },
  });
  const request = {
    contractId: 'orders-contract',
    version: '1.0.0',
    sourceId: 'orders',
    explore: { last: 10, truncated: false },
    records: [
      // Redacted to "": present all the same (pii-detection only rewrites values that were there).
      record(0, { order_id: 1, amount: 5, contact: '' }, [{ ...emailFinding, operator: 'redact' }]),
      record(1, { order_id: 2, amount: -5, contact: '<EMAIL_ADDRESS>' }, [emailFinding]),
      // Not protected: the raw-looking value is judged, as the stream would.
      record(2, { order_id: 3, amount: 1, contact: 'not an address' }, []),
    ],
  };

  it("gives the stream's verdicts: a protected value's format is not evaluated, presence still counts", async () => {
    const view = await dryRunProtected(contract, request);
    expect(view.summary).toEqual({ records: 3, valid: 1, quarantined: 2, warned: 0 });
    expect(view.explore).toEqual({ last: 10, records: 3, truncated: false, policyId: 'default', policyVersion: 2 });
    expect(view.records.map((judged) => [judged.index, judged.recordId, judged.runId, judged.position, judged.verdict])).toEqual([
      [0, request.records[0].recordId, RUN_ID, { index: 0, location: 'file:orders.csv:2' }, 'valid'],
      [1, request.records[1].recordId, RUN_ID, { index: 1, location: 'file:orders.csv:3' }, 'quarantined'],
      [2, request.records[2].recordId, RUN_ID, { index: 2, location: 'file:orders.csv:4' }, 'quarantined'],
    ]);
    expect(view.records[0].notEvaluated.map((result) => [result.checkId, result.message])).toEqual([
      ['orders.contact.logical_type', 'value protected by pii-detection'],
      ['orders.contact.format', 'value protected by pii-detection'],
    ]);
    expect(view.records[0].results.find((result) => result.checkId === 'orders.contact.not_null')).toMatchObject({ outcome: 'pass', measuredValue: 'protected' });
    expect(view.records[1].failed.map((result) => [result.checkId, result.measuredValue])).toEqual([['orders.amount.minimum', -5]]);
    expect(view.records[2].failed.map((result) => [result.checkId, result.measuredValue])).toEqual([['orders.contact.format', 'not an address']]);
    // For the window too, the redacted value is present.
    expect(view.windows).toEqual([{ checkId: 'orders.contact.missingValues', metric: 'missing_count', outcome: 'pass', measuredValue: 0, rows: 3 }]);
  });

  it('answers, record by record, what the stream judges (record-judgement.ts)', async () => {
    const view = await dryRunProtected(contract, request);
    const checker = checkerFor(contract, 'orders')!;
    const stream = request.records.map((protectedRecord) => {
      const judgement = judgeRecord(checker, { ...protectedRecord, sourceId: 'orders', checksum: '0'.repeat(64) });
      return { valid: judgement.valid, failed: judgement.verdict!.failed, warned: judgement.verdict!.warned, notEvaluated: judgement.verdict!.notEvaluated };
    });
    expect(view.records.map((judged) => ({ valid: judged.verdict === 'valid', failed: judged.failed, warned: judged.warned, notEvaluated: judged.notEvaluated }))).toEqual(stream);
  });

  it('refuses a source the version does not govern', async () => {
    await expect(dryRunProtected(contract, { ...request, sourceId: 'people' })).rejects.toThrow('sourceId must name one of the contract\'s schema objects: "orders"');
  });
});
