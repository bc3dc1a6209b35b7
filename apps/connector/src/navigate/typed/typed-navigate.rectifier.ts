import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Corrections } from '@atlas/contracts';
import { fitValue, type TypedColumn } from './typed-columns';
import { TypedDatasetRepository } from './typed-dataset.repository';

export interface TypedRectification {
  /** Datasets whose rows were updated. */
  updated: string[];
  /** Datasets whose rows left the table as conflicts: a rectified value does not fit its column. */
  conflicted: string[];
}

/**
 * Rectifies records in the typed Navigate tables, inside the caller's transaction (the one that
 * updates their jsonb Navigate rows): in each record's source's table, the columns named by the
 * corrections take their protected values. A value that does not fit its column takes the rows out
 * of the table as conflicts with the reason (naming the column, never the value), as a write would.
 * Setting the same values again changes nothing of meaning.
 */
@Injectable()
export class TypedNavigateRectifier {
  constructor(private readonly repository: TypedDatasetRepository) {}

  async rectify(manager: EntityManager, recordIdsBySource: ReadonlyMap<string, readonly string[]>, fieldsBySource: Readonly<Record<string, Corrections>>): Promise<TypedRectification> {
    const outcome: TypedRectification = { updated: [], conflicted: [] };
    // Datasets in a fixed order, as the writer and the eraser lock them.
    for (const datasetId of [...recordIdsBySource.keys()].sort()) {
      const fields = Object.hasOwn(fieldsBySource, datasetId) ? fieldsBySource[datasetId] : undefined;
      const recordIds = recordIdsBySource.get(datasetId)!;
      if (!fields || recordIds.length === 0) continue;
      await this.repository.lock(manager, datasetId);
      const entry = await this.repository.find(datasetId, manager);
      const columns = entry?.columns.filter((column) => Object.hasOwn(fields, column.name)) ?? [];
      if (columns.length === 0) continue;
      const assignments: Array<{ column: TypedColumn; parameter: string | null }> = [];
      let problem: string | undefined;
      for (const column of columns) {
        const fitted = fitValue(fields[column.name], column.type);
        if (!fitted.fits) {
          problem = `rectified column ${JSON.stringify(column.name)} (${column.type}): ${fitted.problem}`;
          break;
        }
        assignments.push({ column, parameter: fitted.parameter });
      }
      if (problem !== undefined) {
        await this.repository.deleteRecordRows(manager, datasetId, recordIds);
        await this.repository.recordNavigateConflicts(manager, datasetId, recordIds, problem);
        outcome.conflicted.push(datasetId);
      } else {
        await this.repository.updateRecordColumns(manager, datasetId, assignments, recordIds);
        outcome.updated.push(datasetId);
      }
    }
    return outcome;
  }
}
