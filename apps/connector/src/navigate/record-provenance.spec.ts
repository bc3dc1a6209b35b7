import { NotFoundException } from '@nestjs/common';
import { NavigateRecordRepository } from './navigate-record.repository';
import { RecordProvenanceService, rowProvenanceOf } from './record-provenance';

const row = {
  recordId: '0190b8a4-6666-7000-8000-000000001007',
  sourceId: 'people',
  runId: '0190b8a4-5555-7000-8000-000000000001',
  positionIndex: 7,
  sourceLocation: 'kafka:shop.customers/2/1041',
  policyId: 'default',
  policyVersion: 3,
  contractId: 'people-contract',
  contractVersion: '1.2.0',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  writtenAt: new Date('2026-11-30T08:00:00.000Z'),
};

describe('rowProvenanceOf', () => {
  it("gives a Navigate row's provenance columns, grouped", () => {
    expect(rowProvenanceOf(row)).toEqual({
      recordId: '0190b8a4-6666-7000-8000-000000001007',
      sourceId: 'people',
      runId: '0190b8a4-5555-7000-8000-000000000001',
      position: { index: 7, location: 'kafka:shop.customers/2/1041' },
      protection: { policyId: 'default', policyVersion: 3 },
      contract: { contractId: 'people-contract', contractVersion: '1.2.0' },
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      writtenAt: '2026-11-30T08:00:00.000Z',
    });
  });

  it('keeps a missing location and trace id as null (a REST push has no source location)', () => {
    expect(rowProvenanceOf({ ...row, sourceLocation: null, traceId: null })).toMatchObject({ position: { index: 7, location: null }, traceId: null });
  });
});

describe('RecordProvenanceService', () => {
  it('answers 404 record_not_found for a record id without a Navigate row', async () => {
    const repository = { findProvenance: jest.fn().mockResolvedValue(undefined) } as unknown as NavigateRecordRepository;
    const refusal = await new RecordProvenanceService(repository).provenanceOf(row.recordId).catch((error: NotFoundException) => error);
    expect(refusal).toBeInstanceOf(NotFoundException);
    expect((refusal as NotFoundException).getResponse()).toEqual({ statusCode: 404, error: 'Not Found', code: 'record_not_found', message: 'No Navigate row has this record id' });
  });

  it('answers the row it finds', async () => {
    const repository = { findProvenance: jest.fn().mockResolvedValue(row) } as unknown as NavigateRecordRepository;
    expect(await new RecordProvenanceService(repository).provenanceOf(row.recordId)).toEqual(rowProvenanceOf(row));
  });
});
