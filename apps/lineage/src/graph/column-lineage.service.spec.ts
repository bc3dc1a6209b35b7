import { BadRequestException, NotFoundException } from '@nestjs/common';
import { datasetIdOf } from './graph-ids';
import { ColumnLineageRepository } from './column-lineage.repository';
import { ColumnLineageService } from './column-lineage.service';

const NS = 'kafka://atlas';
const edge = (inputName: string, outputName: string, field: string, masking: boolean) => ({
  input: { namespace: NS, name: inputName, field },
  output: { namespace: NS, name: outputName, field },
  job: { namespace: 'atlas.people', name: 'pii-detection.protect' },
  masking,
  transformations: [{ type: 'DIRECT', subtype: 'IDENTITY', masking }],
  lastRunId: null,
});

describe('ColumnLineageService', () => {
  const repository = { edgesOfDataset: jest.fn(), datasetSeen: jest.fn() };
  const service = new ColumnLineageService(repository as unknown as ColumnLineageRepository);

  beforeEach(() => {
    repository.edgesOfDataset.mockReset().mockResolvedValue([edge('explore', 'protected', 'email', true), edge('explore', 'protected', 'id', false)]);
    repository.datasetSeen.mockReset().mockResolvedValue(true);
  });

  it("returns the dataset's column edges, asking for one more than the cap", async () => {
    const asOf = new Date('2026-11-30T08:00:00Z');
    const answer = await service.columnLineage({ nodeId: `dataset:${NS}:explore`, maxEdges: 2, asOf });
    expect(repository.edgesOfDataset).toHaveBeenCalledWith(datasetIdOf(NS, 'explore'), asOf, 3);
    expect(repository.datasetSeen).toHaveBeenCalledWith(datasetIdOf(NS, 'explore'), asOf);
    expect(answer).toEqual({ nodeId: `dataset:${NS}:explore`, edges: [edge('explore', 'protected', 'email', true), edge('explore', 'protected', 'id', false)], truncated: false });
  });

  it('cuts at maxEdges and says so', async () => {
    const answer = await service.columnLineage({ nodeId: `dataset:${NS}:explore`, maxEdges: 1 });
    expect(repository.edgesOfDataset).toHaveBeenCalledWith(datasetIdOf(NS, 'explore'), null, 2);
    expect(answer.edges).toEqual([edge('explore', 'protected', 'email', true)]);
    expect(answer.truncated).toBe(true);
  });

  it('refuses a job or a malformed id, and answers 404 for a dataset not seen (by asOf)', async () => {
    await expect(service.columnLineage({ nodeId: 'job:atlas.people:pii-detection.protect', maxEdges: 10 })).rejects.toBeInstanceOf(BadRequestException);
    await expect(service.columnLineage({ nodeId: 'people', maxEdges: 10 })).rejects.toBeInstanceOf(BadRequestException);
    repository.datasetSeen.mockResolvedValue(false);
    await expect(service.columnLineage({ nodeId: `dataset:${NS}:explore`, maxEdges: 10, asOf: new Date(0) })).rejects.toThrow(new NotFoundException('No dataset with this namespace and name has been seen by asOf'));
  });
});
