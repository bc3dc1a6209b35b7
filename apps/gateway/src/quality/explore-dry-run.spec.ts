import { HttpException } from '@nestjs/common';
import type { InternalRequest } from '../internal-services/internal-service-client';
import type { InternalServices } from '../internal-services/internal-services';
import { dryRunRequestOf, dryRunSourceOf, ExploreDryRun, newestWithin } from './explore-dry-run';

const RUN_ID = '0190f6a2-0000-7000-8000-0000000000aa';
const recordId = (index: number) => `0190f6a2-0000-7000-8000-00000000000${index}`;

function refusal(run: () => unknown): { status: number; code: unknown; message: unknown } {
  try {
    run();
  } catch (error) {
    const body = (error as HttpException).getResponse() as { code: unknown; message: unknown };
    return { status: (error as HttpException).getStatus(), code: body.code, message: body.message };
  }
  throw new Error('expected a refusal');
}

describe('dryRunRequestOf', () => {
  it('relays a posted sample as it is and reads the Explore form', () => {
    expect(dryRunRequestOf({ records: [{ a: 1 }], sourceId: 'orders' })).toEqual({ kind: 'records' });
    expect(dryRunRequestOf({ explore: { last: 1000 } })).toEqual({ kind: 'explore', last: 1000 });
    expect(dryRunRequestOf({ explore: { last: 1 }, sourceId: 'orders' })).toEqual({ kind: 'explore', last: 1, sourceId: 'orders' });
  });

  it.each([
    [{ records: [], explore: { last: 5 } }, 'records and explore exclude each other: send the records to judge, or ask for the last N Explore records'],
    [{ explore: { last: 0 } }, 'explore.last must be an integer from 1 to 1000'],
    [{ explore: { last: 1001 } }, 'explore.last must be an integer from 1 to 1000'],
    [{ explore: { last: 2.5 } }, 'explore.last must be an integer from 1 to 1000'],
    [{ explore: { last: '5' } }, 'explore.last must be an integer from 1 to 1000'],
    [{ explore: 5 }, 'explore must be {"last": N}'],
    [{ explore: { last: 5, first: 2 } }, 'explore must be {"last": N}'],
    [{ explore: { last: 5 }, limit: 3 }, 'With explore, the body may only hold explore and sourceId'],
    [{ explore: { last: 5 }, sourceId: 'Ann.Novak@example.org' }, 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit'],
    [{ sourceId: 'orders' }, 'The body must be {"records": [...], "sourceId"?: "..."} or {"explore": {"last": 1-1000}, "sourceId"?: "..."}'],
    [[{ explore: { last: 5 } }], 'The body must be {"records": [...], "sourceId"?: "..."} or {"explore": {"last": 1-1000}, "sourceId"?: "..."}'],
  ])('refuses %j naming the problem, never a value', (body, message) => {
    expect(refusal(() => dryRunRequestOf(body))).toEqual({ status: 400, code: 'dry_run_invalid', message });
  });
});

describe('dryRunSourceOf', () => {
  it("takes the named schema object, or the version's only one", () => {
    expect(dryRunSourceOf(['orders', 'people'], 'people')).toBe('people');
    expect(dryRunSourceOf(['orders'], undefined)).toBe('orders');
    expect(dryRunSourceOf(['Orders Table', 'orders'], undefined)).toBe('orders');
  });

  it('refuses a source the version does not govern, or a choice it cannot make', () => {
    const expected = { status: 400, code: 'dry_run_invalid', message: 'sourceId must name one of the contract\'s schema objects: "orders", "people"' };
    expect(refusal(() => dryRunSourceOf(['orders', 'people'], 'payments'))).toEqual(expected);
    expect(refusal(() => dryRunSourceOf(['orders', 'people'], undefined))).toEqual(expected);
    expect(refusal(() => dryRunSourceOf(['Orders Table'], undefined))).toEqual({ ...expected, message: "sourceId must name one of the contract's schema objects: none" });
  });
});

describe('newestWithin', () => {
  it('keeps the newest records (the last ones) whose JSON fits, at least one', () => {
    const records = [{ n: 'a'.repeat(20) }, { n: 'b'.repeat(20) }, { n: 'c'.repeat(20) }];
    // Each is 28 bytes of JSON, plus one for its comma.
    expect(newestWithin(records, 87)).toEqual({ kept: records, truncated: false });
    expect(newestWithin(records, 86)).toEqual({ kept: records.slice(1), truncated: true });
    expect(newestWithin(records, 5)).toEqual({ kept: records.slice(2), truncated: true });
  });
});

describe('ExploreDryRun', () => {
  const explored = [0, 1].map((index) => ({
    recordId: recordId(index),
    runId: RUN_ID,
    position: { index, location: `file:orders.csv:${index + 2}` },
    ingestedAt: '2026-11-30T17:00:00.000Z',
    payload: { order_id: index + 1, contact: `person${index}@example.org` },
  }));
  const protectedAnswer = {
    policyId: 'default',
    policyVersion: 3,
    records: explored.map((record) => ({
      recordId: record.recordId,
      payload: { order_id: record.payload.order_id, contact: '<EMAIL_ADDRESS>' },
      findings: [{ field: 'contact', entityType: 'EMAIL_ADDRESS', start: 0, end: 20, score: 1, operator: 'replace' }],
    })),
  };
  const verdicts = { contractId: 'orders-contract', version: '1.0.0', summary: { records: 2, valid: 2, quarantined: 0, warned: 0 } };

  function harness(answers: { version?: unknown; latest?: unknown; protect?: unknown } = {}) {
    const calls: Array<{ service: string; request: InternalRequest }> = [];
    const client = (service: string, answer: (request: InternalRequest) => unknown) => ({
      call: jest.fn(async (request: InternalRequest) => {
        calls.push({ service, request });
        return { status: 200, body: answer(request) };
      }),
    });
    const services = {
      quality: client('quality', (request) => (request.method === 'POST' ? verdicts : (answers.version ?? { sources: [{ sourceId: 'orders' }] }))),
      connector: client('connector', () => answers.latest ?? { records: explored, truncated: false }),
      piiDetection: client('pii-detection', () => answers.protect ?? protectedAnswer),
    } as unknown as InternalServices;
    return { dryRun: new ExploreDryRun(services), calls };
  }

  it('reads the last N from the connector, has them protected, and sends quality only the protected records', async () => {
    const { dryRun, calls } = harness();
    await expect(dryRun.run('orders-contract', '1.0.0', { last: 5 })).resolves.toEqual(verdicts);
    expect(calls.map(({ service, request }) => [service, request.method ?? 'GET', request.path])).toEqual([
      ['quality', 'GET', '/api/v1/contracts/orders-contract/versions/1.0.0'],
      ['connector', 'POST', '/internal/v1/explore/records/latest'],
      ['pii-detection', 'POST', '/internal/v1/protection/records/protect'],
      ['quality', 'POST', '/internal/v1/contracts/dry-run/protected'],
    ]);
    expect(calls[1].request.body).toEqual({ sourceId: 'orders', last: 5 });
    expect(calls[2].request.body).toEqual({ sourceId: 'orders', records: explored.map(({ recordId, payload }) => ({ recordId, payload })) });
    expect(calls[3].request.body).toEqual({
      contractId: 'orders-contract',
      version: '1.0.0',
      sourceId: 'orders',
      explore: { last: 5, truncated: false },
      records: explored.map(({ recordId, runId, position, ingestedAt }, index) => ({
        recordId,
        runId,
        position,
        ingestedAt,
        payload: protectedAnswer.records[index].payload,
        protection: { policyId: 'default', policyVersion: 3, findings: protectedAnswer.records[index].findings },
      })),
    });
    expect(JSON.stringify(calls[3].request.body)).not.toContain('@example.org');
    // Nothing is stored or changed: no call but these reads and judgements.
    expect(calls.every(({ request }) => !request.asAdmin && !request.asSubjectService && !request.asRevealer)).toBe(true);
  });

  it('says when the connector left out records for the byte budget', async () => {
    const { dryRun, calls } = harness({ latest: { records: explored, truncated: true } });
    await dryRun.run('orders-contract', '1.0.0', { last: 1000, sourceId: 'orders' });
    expect((calls[3].request.body as { explore: unknown }).explore).toEqual({ last: 1000, truncated: true });
  });

  it('reads nothing from Explore for a source the version does not govern', async () => {
    const { dryRun, calls } = harness({ version: { sources: [{ sourceId: 'orders' }, { sourceId: 'people' }] } });
    await expect(dryRun.run('orders-contract', '1.0.0', { last: 5, sourceId: 'payments' })).rejects.toThrow('sourceId must name one of the contract\'s schema objects: "orders", "people"');
    expect(calls.map(({ service }) => service)).toEqual(['quality']);
  });

  it('answers 404 when the source has no Explore records, without calling pii-detection', async () => {
    const { dryRun, calls } = harness({ latest: { records: [], truncated: false } });
    const error = await dryRun.run('orders-contract', '1.0.0', { last: 5 }).catch((caught: HttpException) => caught);
    expect([(error as HttpException).getStatus(), (error as HttpException).getResponse()]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', code: 'explore_records_not_found', message: 'Source "orders" has no records in Explore' },
    ]);
    expect(calls.map(({ service }) => service)).toEqual(['quality', 'connector']);
  });

  it('refuses an answer of pii-detection that is not the records it was sent (502, nothing judged)', async () => {
    const { dryRun, calls } = harness({ protect: { ...protectedAnswer, records: protectedAnswer.records.slice().reverse() } });
    const error = await dryRun.run('orders-contract', '1.0.0', { last: 5 }).catch((caught: HttpException) => caught);
    expect([(error as HttpException).getStatus(), ((error as HttpException).getResponse() as { code: string }).code]).toEqual([502, 'upstream_failed']);
    expect(calls.map(({ service }) => service)).toEqual(['quality', 'connector', 'pii-detection']);
  });
});
