import { NotFoundException } from '@nestjs/common';
import { boundedIndexText } from '@atlas/database';
import { datasetIdOf } from './graph-ids';
import { PiiPropagationRepository } from './pii-propagation.repository';
import { maskingPoliciesOf, PiiPropagationService } from './pii-propagation.service';

const NS = 'kafka://localhost:9092';
const column = (name: string, field: string, depth: number) => ({ datasetId: datasetIdOf(NS, name), namespace: NS, name, field, depth });
const MASKED = { column: { namespace: NS, name: 'protected', field: 'email' }, from: { namespace: NS, name: 'explore', field: 'email' }, job: { namespace: 'atlas', name: 'pii-detection.protect' }, runId: 'run-1', transformations: [{ type: 'DIRECT', masking: true }] };

describe('PiiPropagationService', () => {
  const repository = { unmaskedDownstream: jest.fn(), maskingEdgesFrom: jest.fn() };
  const service = new PiiPropagationService(repository as unknown as PiiPropagationRepository);

  beforeEach(() => {
    repository.unmaskedDownstream.mockReset().mockResolvedValue([column('explore', 'email', 0), column('copy', 'email', 1), column('copy-of-copy', 'email', 2)]);
    repository.maskingEdgesFrom.mockReset().mockResolvedValue([MASKED]);
  });

  it('lists the unmasked columns downstream without the start, and the masking edges of all of them', async () => {
    const result = await service.propagation({ namespace: NS, name: 'explore', field: 'email', depth: 10, maxColumns: 100 });
    expect(repository.unmaskedDownstream).toHaveBeenCalledWith(datasetIdOf(NS, 'explore'), 'email', 10, 102);
    expect(repository.maskingEdgesFrom).toHaveBeenCalledWith([column('explore', 'email', 0), column('copy', 'email', 1), column('copy-of-copy', 'email', 2)]);
    expect(result).toEqual({
      column: { namespace: NS, name: 'explore', field: 'email' },
      unmaskedDownstream: [
        { namespace: NS, name: 'copy', field: 'email', depth: 1 },
        { namespace: NS, name: 'copy-of-copy', field: 'email', depth: 2 },
      ],
      maskedAt: [{ ...MASKED, policies: [] }],
      truncated: false,
    });
  });

  it('cuts at maxColumns and says so', async () => {
    const result = await service.propagation({ namespace: NS, name: 'explore', field: 'email', depth: 10, maxColumns: 1 });
    expect(result.unmaskedDownstream).toEqual([{ namespace: NS, name: 'copy', field: 'email', depth: 1 }]);
    expect(result.truncated).toBe(true);
    expect(repository.maskingEdgesFrom).toHaveBeenCalledWith([column('explore', 'email', 0), column('copy', 'email', 1)]);
  });

  it('looks a long field name up as it is stored (bounded)', async () => {
    const field = 'x'.repeat(3000);
    await service.propagation({ namespace: NS, name: 'explore', field, depth: 10, maxColumns: 10 });
    expect(repository.unmaskedDownstream.mock.calls[0][1]).toBe(boundedIndexText(field));
  });

  it('answers 404 for a dataset never seen', async () => {
    repository.unmaskedDownstream.mockResolvedValueOnce([]);
    await expect(service.propagation({ namespace: NS, name: 'unknown', field: 'email', depth: 10, maxColumns: 10 })).rejects.toBeInstanceOf(NotFoundException);
  });

  it('names the policy versions that masked each edge', async () => {
    const transformations = [
      { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true, policyId: 'default', policyVersion: 1 },
      { type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true, policyId: 'default', policyVersion: 2 },
    ];
    repository.maskingEdgesFrom.mockResolvedValueOnce([{ ...MASKED, transformations }]);
    const result = await service.propagation({ namespace: NS, name: 'explore', field: 'email', depth: 10, maxColumns: 100 });
    expect(result.maskedAt.map((edge) => edge.policies)).toEqual([
      [
        { policyId: 'default', policyVersion: 1 },
        { policyId: 'default', policyVersion: 2 },
      ],
    ]);
  });
});

describe('maskingPoliciesOf', () => {
  it('takes the policy of masking transformations only, once each, and ignores malformed ones', () => {
    expect(
      maskingPoliciesOf([
        { type: 'DIRECT', masking: true, policyId: 'people-rules', policyVersion: 3 },
        { type: 'DIRECT', masking: true, policyId: 'people-rules', policyVersion: 3 },
        { type: 'DIRECT', masking: false, policyId: 'ignored', policyVersion: 1 },
        { type: 'DIRECT', masking: true, policyId: 'no-version' },
        { type: 'DIRECT', masking: true, policyId: 'fraction', policyVersion: 1.5 },
        { type: 'DIRECT', masking: true, description: 'masked by another producer' },
        null,
        'text',
      ]),
    ).toEqual([{ policyId: 'people-rules', policyVersion: 3 }]);
    expect(maskingPoliciesOf('not an array' as unknown as unknown[])).toEqual([]);
  });
});
