import type { Context } from '@opentelemetry/api';
import type { ChartRecordEnvelope, ProtectedRecordEnvelope } from '@atlas/contracts';
import type { OutgoingMessage } from '@atlas/kafka';
import { protectedPathsOf, type RecordVerdict, type SourceContractChecker } from '../checks/record-checker';
import type { ContractMissingReason, NewQuarantinedRecord } from './quarantined-record.entity';

export const NO_CONTRACT = { contractId: 'none', contractVersion: '0' };

/**
 * The reason code (and check id, so `?checkId=` finds them) of records held because their source has
 * no active contract: told apart from check failures, counted per source, replayed on activation.
 */
export const NO_ACTIVE_CONTRACT = 'no_active_contract';

/** Why a record of a source without an active contract is held (its row keeps contract id `none`). */
export function noActiveContractReason(sourceId: string): ContractMissingReason {
  return { rule: 'contract', code: NO_ACTIVE_CONTRACT, checkId: NO_ACTIVE_CONTRACT, message: `no active data contract for source "${sourceId}": held until one is activated` };
}

/** What every judgement says: the record, and the checker and verdict (none when the source has no contract). */
interface JudgementBasis {
  record: ProtectedRecordEnvelope;
  checker: SourceContractChecker | undefined;
  verdict: RecordVerdict | undefined;
}

/** A record judged by its source's contract: on to Chart, or to quarantine with every reason. */
export type RecordJudgement =
  | (JudgementBasis & { valid: true; chart: OutgoingMessage; contractId: string; contractVersion: string })
  | (JudgementBasis & { valid: false; quarantined: NewQuarantinedRecord });

/**
 * Judges one protected record with the checker of its source's active contract version (none: the
 * record is held in quarantine, nothing reaches Navigate unchecked). The stream and replays share it.
 */
export function judgeRecord(checker: SourceContractChecker | undefined, record: ProtectedRecordEnvelope, traceContext?: Context): RecordJudgement {
  const { payload, protection, ...rest } = record;
  const envelope = { position: rest.position, ingestedAt: rest.ingestedAt, checksum: rest.checksum, protection };
  const row = { recordId: record.recordId, sourceId: record.sourceId, runId: record.runId, positionIndex: record.position.index, payload, envelope };
  if (!checker) {
    const reasons = [noActiveContractReason(record.sourceId)];
    return { valid: false, record, checker, verdict: undefined, quarantined: { ...row, ...NO_CONTRACT, reasons, notEvaluated: [] } };
  }
  const verdict = checker.evaluate(payload, protectedPathsOf(protection.findings));
  const { contractId, contractVersion } = checker;
  if (verdict.failed.length === 0) {
    const chartRecord: ChartRecordEnvelope = { ...record, quality: { contractId, contractVersion, valid: true, ...(checker.dataset ? { dataset: checker.dataset } : {}) } };
    return { valid: true, record, checker, verdict, chart: { key: record.recordId, value: chartRecord, traceContext }, contractId, contractVersion };
  }
  return { valid: false, record, checker, verdict, quarantined: { ...row, contractId, contractVersion, reasons: [...verdict.failed, ...verdict.warned], notEvaluated: verdict.notEvaluated } };
}
