import { Injectable, NotFoundException } from '@nestjs/common';
import { LIST_SORTS, type PiiFinding } from '@atlas/contracts';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, textKey } from '@atlas/platform';
import { QuarantineFilter, QuarantineRepository, QuarantineRow, QuarantineStatus } from './quarantine.repository';

/** One quarantined record in a listing: where it came from, which version judged it and why (no payload). */
export interface QuarantineSummaryView {
  recordId: string;
  sourceId: string;
  runId: string;
  positionIndex: number;
  status: 'quarantined' | 'released';
  contractId: string;
  contractVersion: string;
  reasons: object[];
  quarantinedAt: string;
  replayCount: number;
  lastReplayedAt: string | null;
  releasedAt: string | null;
  releasedBy: { contractId: string; contractVersion: string } | null;
}

/** One record in full: the protected payload as stored (values stay masked) and every check that failed or could not judge it. */
export interface QuarantineRecordView extends QuarantineSummaryView {
  payload: Record<string, unknown>;
  notEvaluated: object[];
  /** The pii-detection policy that protected the payload and the paths it rewrote (never values). */
  protection: { policyId: string; policyVersion: number; protectedFields: Array<Pick<PiiFinding, 'field' | 'entityType' | 'operator'>> } | null;
}

export type QuarantinePage = CursorPage<QuarantineSummaryView>;

/** The listing's one order (quarantine time, then record id: microseconds kept, so no row is served twice). */
const QUARANTINE_SCOPE = `quarantined-records:${LIST_SORTS.quarantinedRecords[0]}`;
const QUARANTINE_KEY = textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid);

function summaryOf(row: QuarantineRow): QuarantineSummaryView {
  return {
    recordId: row.recordId,
    sourceId: row.sourceId,
    runId: row.runId,
    positionIndex: row.positionIndex,
    status: row.releasedAt === null ? 'quarantined' : 'released',
    contractId: row.contractId,
    contractVersion: row.contractVersion,
    reasons: row.reasons,
    quarantinedAt: row.quarantinedAt,
    replayCount: row.replayCount,
    lastReplayedAt: row.lastReplayedAt,
    releasedAt: row.releasedAt,
    releasedBy: row.releasedContractId !== null && row.releasedContractVersion !== null ? { contractId: row.releasedContractId, contractVersion: row.releasedContractVersion } : null,
  };
}

/** Lists and shows quarantined records (replays: ReplayService). */
@Injectable()
export class QuarantineService {
  constructor(private readonly quarantine: QuarantineRepository) {}

  async list(filter: QuarantineFilter, status: QuarantineStatus, cursorText: string | undefined, limit: number): Promise<QuarantinePage> {
    const key = cursorKey(cursorText, QUARANTINE_SCOPE, QUARANTINE_KEY) as [string, string] | undefined;
    const rows = await this.quarantine.list(filter, status, key && { quarantinedAt: key[0], recordId: key[1] }, limit);
    return cursorPageOf(rows, limit, QUARANTINE_SCOPE, (row) => [row.quarantinedAt, row.recordId], summaryOf);
  }

  async get(recordId: string): Promise<QuarantineRecordView> {
    const row = await this.quarantine.find(recordId);
    if (!row) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'quarantined_record_not_found', message: 'No quarantined record has this id' });
    const protection = row.envelope
      ? {
          policyId: row.envelope.protection.policyId,
          policyVersion: row.envelope.protection.policyVersion,
          protectedFields: row.envelope.protection.findings.map((finding) => ({ field: finding.field, entityType: finding.entityType, operator: finding.operator })),
        }
      : null;
    return { ...summaryOf(row), payload: row.payload, notEvaluated: row.notEvaluated, protection };
  }
}
