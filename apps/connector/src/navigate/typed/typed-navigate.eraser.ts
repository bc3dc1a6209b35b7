import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TypedDatasetRepository } from './typed-dataset.repository';

/** Record ids per DELETE statement: one bounded array parameter per statement. */
export const ERASE_RECORD_BATCH = 1000;
/** Registry entries read per page while walking every typed table. */
export const ERASE_DATASET_PAGE = 100;

export interface TypedErasure {
  /** Rows deleted from the typed tables, all datasets together. */
  rows: number;
  /** Conflict rows deleted. */
  conflicts: number;
}

function batchesOf(recordIds: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < recordIds.length; start += ERASE_RECORD_BATCH) batches.push(recordIds.slice(start, start + ERASE_RECORD_BATCH));
  return batches;
}

/**
 * Erases records from the typed Navigate tables, inside the caller's transaction (the one that
 * deletes their jsonb Navigate rows). Every registered table is visited, not only the records'
 * source: a row is found by its record id wherever it landed. Each dataset is locked as its writer
 * locks it, in the same (id) order, so an erasure and a write of one dataset take turns and never
 * deadlock. Deleting by id makes a resumed erasure delete nothing twice.
 */
@Injectable()
export class TypedNavigateEraser {
  constructor(private readonly repository: TypedDatasetRepository) {}

  async erase(manager: EntityManager, recordIds: readonly string[]): Promise<TypedErasure> {
    const erased: TypedErasure = { rows: 0, conflicts: 0 };
    if (recordIds.length === 0) return erased;
    const batches = batchesOf([...new Set(recordIds)]);
    let after: string | undefined;
    for (;;) {
      const datasetIds = await this.repository.datasetIds(manager, ERASE_DATASET_PAGE, after);
      for (const datasetId of datasetIds) {
        await this.repository.lock(manager, datasetId);
        for (const batch of batches) erased.rows += await this.repository.deleteRecordRows(manager, datasetId, batch);
      }
      if (datasetIds.length < ERASE_DATASET_PAGE) break;
      after = datasetIds[datasetIds.length - 1];
    }
    for (const batch of batches) erased.conflicts += await this.repository.deleteConflicts(manager, batch);
    return erased;
  }
}
