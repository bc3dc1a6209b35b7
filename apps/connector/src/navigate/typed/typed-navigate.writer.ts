import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ChartRecordEnvelope, ContractDataset } from '@atlas/contracts';
import { TypedDatasetRepository, type TypedConflict } from './typed-dataset.repository';
import { planTable, type TableState } from './typed-table-plan';
import { typedRowsOf } from './typed-rows';

export interface TypedWriteOutcome {
  /** Rows offered to the upsert (after keeping the newest version of each key in the batch). */
  rows: number;
  /** Records kept out of their typed table, by source. */
  conflictsBySource: Map<string, number>;
}

interface VersionGroup {
  contractId: string;
  contractVersion: string;
  dataset: ContractDataset;
  records: ChartRecordEnvelope[];
}

function groupBySourceAndVersion(records: readonly ChartRecordEnvelope[]): Map<string, Map<string, VersionGroup>> {
  const sources = new Map<string, Map<string, VersionGroup>>();
  for (const record of records) {
    const { dataset, contractId, contractVersion } = record.quality;
    // Records published before Chart carried the dataset's shape have no typed table to go to.
    if (!dataset) continue;
    const versions = sources.get(record.sourceId) ?? new Map<string, VersionGroup>();
    sources.set(record.sourceId, versions);
    const key = JSON.stringify([contractId, contractVersion]);
    const group = versions.get(key) ?? { contractId, contractVersion, dataset, records: [] };
    versions.set(key, group);
    group.records.push(record);
  }
  return sources;
}

function conflictOf(record: ChartRecordEnvelope, reason: string): TypedConflict {
  return { recordId: record.recordId, datasetId: record.sourceId, runId: record.runId, positionIndex: record.position.index, contractId: record.quality.contractId, contractVersion: record.quality.contractVersion, reason };
}

/**
 * Writes Chart records into their source's typed table, inside the caller's transaction (the one
 * that writes the jsonb Navigate rows): one table per dataset, shaped by the contract version that
 * checked each record, rows upserted on the business key. What does not fit is recorded as a
 * conflict with its reason instead of being coerced.
 */
@Injectable()
export class TypedNavigateWriter {
  constructor(private readonly repository: TypedDatasetRepository) {}

  async write(manager: EntityManager, records: readonly ChartRecordEnvelope[]): Promise<TypedWriteOutcome> {
    const outcome: TypedWriteOutcome = { rows: 0, conflictsBySource: new Map() };
    const conflicts: TypedConflict[] = [];
    // Datasets in a fixed order: two batches locking the same datasets never wait on each other in a cycle.
    const sources = [...groupBySourceAndVersion(records).entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    for (const [datasetId, versions] of sources) {
      await this.repository.lock(manager, datasetId);
      let state: TableState | undefined = await this.repository.find(datasetId, manager);
      for (const group of versions.values()) {
        const plan = planTable(state, group.dataset);
        if (plan.kind === 'refused') {
          conflicts.push(...group.records.map((record) => conflictOf(record, `contract ${group.contractId}@${group.contractVersion}: ${plan.reason}`)));
          continue;
        }
        await this.repository.shape(manager, datasetId, { ...plan, contractId: group.contractId, contractVersion: group.contractVersion });
        state = plan.state;
        const built = typedRowsOf(group.records, plan.columns, plan.primaryKey);
        conflicts.push(...built.conflicts.map(({ record, reason }) => conflictOf(record, reason)));
        await this.repository.upsert(manager, datasetId, plan.columns, plan.primaryKey, built.rows);
        outcome.rows += built.rows.length;
      }
    }
    await this.repository.recordConflicts(manager, conflicts);
    for (const conflict of conflicts) outcome.conflictsBySource.set(conflict.datasetId, (outcome.conflictsBySource.get(conflict.datasetId) ?? 0) + 1);
    return outcome;
  }
}
