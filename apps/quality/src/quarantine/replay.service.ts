import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { sourceLabel } from '@atlas/observability';
import { LINEAGE_JOBS, ProtectedRecordEnvelope, TOPICS } from '@atlas/contracts';
import { LineagePublisher } from '@atlas/kafka';
import { ActiveContractRegistry } from '../contracts/active-contract.registry';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { judgeRecord, type RecordJudgement } from '../validation/record-judgement';
import { ValidationService } from '../validation/validation.service';
import { replayedTotal } from '../validation/quality.metrics';
import type { SourceContractChecker } from '../checks/record-checker';
import type { NewQuarantinedRecord } from '../validation/quarantined-record.entity';
import { QuarantineFilter, QuarantineRepository, QuarantineRow, ReleasedRecord } from './quarantine.repository';

/** How many records one replay request judges at most, and how many per page. */
export const MAX_REPLAY_RECORDS = 10_000;
const REPLAY_PAGE = 500;

export type ReplayOutcome = 'released' | 'quarantined' | 'already_released';

export interface RecordReplayView {
  recordId: string;
  outcome: ReplayOutcome;
  contractId: string;
  contractVersion: string;
  /** The failed checks of the new judgement (empty when released). */
  reasons: object[];
}

export interface ReplaySummary {
  judged: number;
  released: number;
  stillQuarantined: number;
  /** Stored before replays existed (no envelope): left as they are. */
  notReplayable: number;
  /** True when the selection holds more quarantined records than this request judged. */
  more: boolean;
}

/** The protected record as the stream saw it, rebuilt from the stored row. */
function protectedRecordOf(row: QuarantineRow): ProtectedRecordEnvelope | undefined {
  if (!row.envelope) return undefined;
  const { position, ingestedAt, checksum, protection } = row.envelope;
  return { recordId: row.recordId, sourceId: row.sourceId, runId: row.runId, position, ingestedAt, checksum, payload: row.payload, protection };
}

/**
 * Judges quarantined records again with the current active contract version of their source.
 * Records that pass take the stream's own way to Chart (then Navigate); the others stay
 * quarantined with the new reasons and version. Idempotent: a record is published before it is
 * marked released, so a crash in between republishes it at the next replay and Navigate (keyed
 * by record id) stores it once; a released record is never judged again.
 */
@Injectable()
export class ReplayService {
  constructor(
    private readonly quarantine: QuarantineRepository,
    private readonly contracts: ActiveContractRegistry,
    private readonly validation: ValidationService,
    private readonly lineage: LineagePublisher,
    private readonly references: ReferenceTablesService,
  ) {}

  async replayRecord(recordId: string): Promise<RecordReplayView> {
    const row = await this.quarantine.find(recordId);
    if (!row) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'quarantined_record_not_found', message: 'No quarantined record has this id' });
    if (row.releasedAt !== null) {
      return { recordId, outcome: 'already_released', contractId: row.releasedContractId ?? row.contractId, contractVersion: row.releasedContractVersion ?? row.contractVersion, reasons: [] };
    }
    if (!row.envelope) {
      throw new ConflictException({ statusCode: 409, error: 'Conflict', code: 'quarantined_record_not_replayable', message: 'This record was quarantined before replays were supported; its envelope was not stored' });
    }
    await this.contracts.refresh();
    const [judgement] = await this.replayRows([row]);
    if (judgement.valid) {
      return { recordId, outcome: 'released', contractId: judgement.contractId, contractVersion: judgement.contractVersion, reasons: [] };
    }
    const { contractId, contractVersion, reasons } = judgement.quarantined;
    return { recordId, outcome: 'quarantined', contractId, contractVersion, reasons };
  }

  /** Every still-quarantined record of a source (optionally one run or one failed check), up to `limit`. */
  async replaySelection(filter: QuarantineFilter & { sourceId: string }, limit: number = MAX_REPLAY_RECORDS): Promise<ReplaySummary> {
    await this.contracts.refresh();
    const summary: ReplaySummary = { judged: 0, released: 0, stillQuarantined: 0, notReplayable: 0, more: false };
    let after: string | undefined;
    for (;;) {
      const room = limit - summary.judged - summary.notReplayable;
      if (room <= 0) {
        summary.more = (await this.quarantine.pendingPage(filter, after, 1)).length > 0;
        break;
      }
      // Keyset on record id: records that stay quarantined are behind the cursor, never judged twice.
      const page = await this.quarantine.pendingPage(filter, after, Math.min(REPLAY_PAGE, room));
      if (page.length === 0) break;
      after = page[page.length - 1].recordId;
      const replayable = page.filter((row) => row.envelope !== null);
      summary.notReplayable += page.length - replayable.length;
      const judgements = await this.replayRows(replayable);
      summary.judged += judgements.length;
      for (const judgement of judgements) {
        if (judgement.valid) summary.released += 1;
        else summary.stillQuarantined += 1;
      }
    }
    return summary;
  }

  /** Judges, publishes the valid ones to Chart, then records both outcomes and reports lineage. */
  private async replayRows(rows: QuarantineRow[]): Promise<RecordJudgement[]> {
    const judgements = await this.judgeAndPublish(rows, (sourceId) => this.contracts.forSource(sourceId));
    if (judgements.length === 0) return judgements;
    await this.quarantine.markReleased(releasedOf(judgements));
    await this.quarantine.recordStillQuarantined(stillQuarantinedOf(judgements));
    await this.reportReplayed(judgements);
    return judgements;
  }

  /**
   * Judges stored rows (those with an envelope) with `checkerOf` and publishes the valid ones to
   * Chart the stream's way. Recording the outcomes is the caller's, after the publish: a crash in
   * between republishes at the next attempt, and Navigate stores a record once.
   */
  async judgeAndPublish(rows: readonly QuarantineRow[], checkerOf: (sourceId: string) => SourceContractChecker | undefined): Promise<RecordJudgement[]> {
    const records = rows.map(protectedRecordOf).filter((record) => record !== undefined);
    // Reference checks read cached lookup tables: load them as the stream does, or they are "not evaluated".
    await this.references.prepare(new Set(records.map((record) => checkerOf(record.sourceId))));
    const judgements = records.map((record) => judgeRecord(checkerOf(record.sourceId), record));
    if (judgements.length > 0) await this.validation.publishValid(judgements);
    return judgements;
  }

  /** Metrics and the `quality.replay` lineage run of replayed records, once their outcomes are recorded. */
  async reportReplayed(judgements: readonly RecordJudgement[]): Promise<void> {
    for (const judgement of judgements) replayedTotal.inc({ source: sourceLabel(judgement.record.sourceId), outcome: judgement.valid ? 'released' : 'quarantined' });
    await this.lineage.publishStageRun({
      jobName: LINEAGE_JOBS.QUALITY_REPLAY,
      records: judgements.map((judgement) => ({ ...judgement.record, quarantined: !judgement.valid })),
      inputs: [{ table: 'quality.quarantined_records' }],
      outputs: [{ topic: TOPICS.CHART_RECORDS }, { table: 'quality.quarantined_records', carries: 'quarantined' }],
    });
  }
}

/** The records a replay released, with the version that released them. */
export function releasedOf(judgements: readonly RecordJudgement[]): ReleasedRecord[] {
  return judgements.flatMap((judgement) => (judgement.valid ? [{ recordId: judgement.record.recordId, contractId: judgement.contractId, contractVersion: judgement.contractVersion }] : []));
}

/** The records a replay kept, with their new reasons and version. */
export function stillQuarantinedOf(judgements: readonly RecordJudgement[]): NewQuarantinedRecord[] {
  return judgements.flatMap((judgement) => (judgement.valid ? [] : [judgement.quarantined]));
}
