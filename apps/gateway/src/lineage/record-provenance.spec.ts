import { HttpException } from '@nestjs/common';
import { InternalServices } from '../internal-services/internal-services';
import { upstreamRefusal } from '../internal-services/upstream-errors';
import type { NavigateRowProvenance } from '@atlas/contracts';
import { ContractVersionAnswer, recordProvenanceOf, RecordProvenanceService, RunProvenanceAnswer } from './record-provenance';

const RECORD_ID = '0190b8a4-6666-7000-8000-000000001007';
const RUN_ID = '0190b8a4-5555-7000-8000-000000000001';

const row: NavigateRowProvenance = {
  recordId: RECORD_ID,
  sourceId: 'people',
  runId: RUN_ID,
  position: { index: 7, location: 'file:people.csv:9' },
  protection: { policyId: 'default', policyVersion: 2 },
  contract: { contractId: 'people-contract', contractVersion: '1.0.0' },
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  writtenAt: '2026-11-30T08:00:00.000Z',
};

const run: RunProvenanceAnswer = {
  source: { runId: RUN_ID, job: { namespace: 'atlas.people', name: 'ingest.people' }, state: 'COMPLETE', recordCount: 10 },
  stages: [{ runId: 'a', job: { namespace: 'atlas.people', name: 'connector.explore' }, state: 'COMPLETE', recordCount: 10 }],
  qualityChecks: [
    { assertion: 'people.email.not_null', success: false, column: 'email' },
    { assertion: 'people.city.pattern', success: false, column: 'city' },
    { assertion: 'people.notes.length', success: true, column: 'notes' },
  ],
  maskingPolicies: [
    { column: 'email', policyId: 'default', policyVersion: 1 },
    { column: 'email', policyId: 'default', policyVersion: 2 },
    { column: 'name', policyId: 'default', policyVersion: 2 },
    { column: 'notes', policyId: 'other', policyVersion: 2 },
  ],
};

const contract: ContractVersionAnswer = {
  sources: [
    { sourceId: 'orders', checks: [{ id: 'orders.total.min', name: 'total is at least 0', field: ['total'], level: 'fail' }] },
    {
      sourceId: 'people',
      checks: [
        { id: 'people.email.not_null', name: 'email is present', field: ['email'], level: 'fail' },
        { id: 'people.city.pattern', name: 'city looks like a city', field: ['address', 'city'], level: 'warn' },
        { id: 'people.notes.length', name: 'notes are short', field: ['notes'], level: 'warn' },
      ],
    },
  ],
};

describe('recordProvenanceOf', () => {
  it("joins the row's columns with its run's lineage and its contract version's checks", () => {
    expect(recordProvenanceOf(row, run, contract)).toEqual({
      ...row,
      protection: { policyId: 'default', policyVersion: 2, maskedColumns: ['email', 'name'] },
      contract: {
        contractId: 'people-contract',
        contractVersion: '1.0.0',
        checks: [
          // A row in Navigate passed every fail check, even one other records of its run failed.
          { checkId: 'people.email.not_null', name: 'email is present', field: 'email', level: 'fail', passed: true },
          // A warn check some record of the run failed: whether this one did is not kept.
          { checkId: 'people.city.pattern', name: 'city looks like a city', field: 'address.city', level: 'warn', passed: null },
          { checkId: 'people.notes.length', name: 'notes are short', field: 'notes', level: 'warn', passed: true },
        ],
      },
      source: run.source,
      stages: run.stages,
    });
  });

  it('says what it does not know when lineage has not heard of the run and quality not of the version', () => {
    expect(recordProvenanceOf(row, undefined, undefined)).toEqual({
      ...row,
      protection: { policyId: 'default', policyVersion: 2, maskedColumns: [] },
      contract: { contractId: 'people-contract', contractVersion: '1.0.0', checks: null },
      source: null,
      stages: [],
    });
  });

  it('lists no checks for a version without checks for the source', () => {
    expect(recordProvenanceOf(row, run, { sources: [] }).contract.checks).toEqual([]);
  });
});

describe('RecordProvenanceService', () => {
  function servicesAnswering(answers: Record<'connector' | 'lineage' | 'quality', (path: string) => unknown>): { services: InternalServices; paths: string[] } {
    const paths: string[] = [];
    const client = (name: 'connector' | 'lineage' | 'quality') => ({
      call: jest.fn(async ({ path }: { path: string }) => {
        paths.push(`${name} ${path}`);
        return { status: 200, body: answers[name](path) };
      }),
    });
    return { services: { connector: client('connector'), lineage: client('lineage'), quality: client('quality') } as unknown as InternalServices, paths };
  }

  it('asks the connector for the row, then lineage for its run and quality for its contract version', async () => {
    const { services, paths } = servicesAnswering({ connector: () => row, lineage: () => run, quality: () => contract });
    const provenance = await new RecordProvenanceService(services).provenanceOf(RECORD_ID);
    expect(paths).toEqual([
      `connector /api/v1/navigate/records/${RECORD_ID}/provenance`,
      `lineage /api/v1/lineage/runs/${RUN_ID}/provenance`,
      'quality /api/v1/contracts/people-contract/versions/1.0.0',
    ]);
    expect(provenance.protection.maskedColumns).toEqual(['email', 'name']);
  });

  it('finds the row of a typed dataset by its business key, each key value a `key` parameter in order', async () => {
    const { services, paths } = servicesAnswering({ connector: () => row, lineage: () => run, quality: () => contract });
    expect(await new RecordProvenanceService(services).provenanceOfKey('order-lines', ['42', 'a&b=c'])).toEqual(recordProvenanceOf(row, run, contract));
    expect(paths[0]).toBe('connector /api/v1/datasets/order-lines/rows/provenance?key=42&key=a%26b%3Dc');
  });

  it("takes lineage's and quality's 404 as not known, and passes on the connector's", async () => {
    const notFound = (service: 'connector' | 'lineage' | 'quality') => () => {
      throw upstreamRefusal(service, 404, { code: service === 'connector' ? 'record_not_found' : 'run_not_found', message: 'not here' });
    };
    const unknownRun = servicesAnswering({ connector: () => row, lineage: notFound('lineage'), quality: notFound('quality') });
    expect(await new RecordProvenanceService(unknownRun.services).provenanceOf(RECORD_ID)).toEqual(recordProvenanceOf(row, undefined, undefined));

    const unknownRecord = servicesAnswering({ connector: notFound('connector'), lineage: () => run, quality: () => contract });
    const refusal = await new RecordProvenanceService(unknownRecord.services).provenanceOf(RECORD_ID).catch((error: HttpException) => error);
    expect(refusal).toBeInstanceOf(HttpException);
    expect([(refusal as HttpException).getStatus(), (refusal as HttpException).getResponse()]).toEqual([404, { statusCode: 404, error: 'Not Found', code: 'record_not_found', message: 'not here' }]);
    expect(unknownRecord.paths).toEqual([`connector /api/v1/navigate/records/${RECORD_ID}/provenance`]);
  });

  it('fails when lineage is unavailable rather than answering without it', async () => {
    const { services } = servicesAnswering({
      connector: () => row,
      lineage: () => {
        throw upstreamRefusal('lineage', 503, {});
      },
      quality: () => contract,
    });
    await expect(new RecordProvenanceService(services).provenanceOf(RECORD_ID)).rejects.toMatchObject({ status: 503 });
  });
});
