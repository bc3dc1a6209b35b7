import type { ProtectedRecordEnvelope } from '@atlas/contracts';
import type { NewQuarantinedRecord } from '../../validation/quarantined-record.entity';
import type { QuarantineFilter, QuarantineRepository, QuarantineRow, ReleasedRecord } from '../quarantine.repository';

/** The quarantine table in memory, with the repository's semantics (keyset order, release once). */
export class InMemoryQuarantine {
  readonly rows = new Map<string, QuarantineRow>();

  add(record: ProtectedRecordEnvelope, contractVersion: string, reasons: QuarantineRow['reasons'], options: { quarantinedAt?: string; withEnvelope?: boolean; contractId?: string } = {}): QuarantineRow {
    const { payload, protection, position, ingestedAt, checksum } = record;
    const row: QuarantineRow = {
      recordId: record.recordId,
      sourceId: record.sourceId,
      runId: record.runId,
      positionIndex: position.index,
      contractId: options.contractId ?? 'orders-contract',
      contractVersion,
      reasons,
      notEvaluated: [],
      payload,
      envelope: options.withEnvelope === false ? null : { position, ingestedAt, checksum, protection },
      quarantinedAt: options.quarantinedAt ?? '2026-11-29T23:00:00.000000Z',
      releasedAt: null,
      releasedContractId: null,
      releasedContractVersion: null,
      replayCount: 0,
      lastReplayedAt: null,
    };
    this.rows.set(row.recordId, row);
    return row;
  }

  private matches(row: QuarantineRow, filter: QuarantineFilter): boolean {
    return (
      (filter.sourceId === undefined || row.sourceId === filter.sourceId) &&
      (filter.runId === undefined || row.runId === filter.runId) &&
      (filter.checkId === undefined || row.reasons.some((reason) => 'checkId' in reason && reason.checkId === filter.checkId))
    );
  }

  asRepository(): QuarantineRepository {
    const repository: Pick<QuarantineRepository, 'find' | 'pendingPage' | 'markReleased' | 'recordStillQuarantined'> = {
      find: async (recordId) => this.rows.get(recordId),
      pendingPage: async (filter, afterRecordId, limit) =>
        [...this.rows.values()]
          .filter((row) => row.releasedAt === null && this.matches(row, filter) && (afterRecordId === undefined || row.recordId > afterRecordId))
          .sort((left, right) => (left.recordId < right.recordId ? -1 : 1))
          .slice(0, limit),
      markReleased: async (records: readonly ReleasedRecord[]) => {
        const released: string[] = [];
        for (const record of records) {
          const row = this.rows.get(record.recordId);
          if (!row || row.releasedAt !== null) continue;
          Object.assign(row, { releasedAt: '2026-11-29T23:30:00.000000Z', releasedContractId: record.contractId, releasedContractVersion: record.contractVersion, replayCount: row.replayCount + 1 });
          released.push(record.recordId);
        }
        return released;
      },
      recordStillQuarantined: async (records: readonly NewQuarantinedRecord[]) => {
        let updated = 0;
        for (const record of records) {
          const row = this.rows.get(record.recordId);
          if (!row || row.releasedAt !== null) continue;
          Object.assign(row, { reasons: record.reasons, notEvaluated: record.notEvaluated, contractId: record.contractId, contractVersion: record.contractVersion, replayCount: row.replayCount + 1 });
          updated += 1;
        }
        return updated;
      },
    };
    return repository as QuarantineRepository;
  }
}
