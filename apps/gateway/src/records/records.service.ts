import { BadRequestException, ConflictException, HttpException, HttpStatus, Injectable, Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { computeChecksum } from '@atlas/contracts';
import { envelopeRecord, IngestionRunPublisher, openRunId } from '@atlas/ingestion';
import { activeContext, countIngestedRecords, traceIdOf } from '@atlas/observability';
import { GatewayEnvironment } from '../gateway-environment';
import { IngestionRunResponse, PushRecordsResponse } from './dto/push-records-response.dto';
import { IngestionRunEntity } from './ingestion-run.entity';
import { CLAIM_REFRESH_SECONDS, IngestionRunRepository, STALE_CLAIM_SECONDS } from './ingestion-run.repository';
import { RecordProblem, validatePushBody } from './push-body-validator';

const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/**
 * The answer when this push published but another push took its claim over meanwhile (it stalled
 * past STALE_CLAIM_SECONDS). 409 like a push still in progress, not 202: the run's outcome is now
 * the other push's, so the client retries with the same key and is answered from the run.
 */
export const CLAIM_TAKEN_OVER_MESSAGE =
  'Another push with this Idempotency-Key took over the run while this one was publishing; nothing is confirmed: retry with the same key';

/** The 400 or 413 answer for a refused body: a stable code, a fixed message and, per record, its first problem. */
function refusal(status: HttpStatus, message: string, problems: RecordProblem[]): HttpException {
  const body = problems.length > 0 ? { message, problems } : { message };
  return status === HttpStatus.PAYLOAD_TOO_LARGE
    ? new PayloadTooLargeException({ statusCode: status, error: 'Payload Too Large', code: 'push_too_large', ...body })
    : new BadRequestException({ statusCode: status, error: 'Bad Request', code: 'push_invalid', ...body });
}

const conflict = (code: string, message: string) => new ConflictException({ statusCode: 409, error: 'Conflict', code, message });

@Injectable()
export class RecordsService {
  private readonly logger = new Logger(RecordsService.name);

  constructor(
    private readonly environment: GatewayEnvironment,
    private readonly ingestion: IngestionRunPublisher,
    private readonly runs: IngestionRunRepository,
  ) {}

  /**
   * Accepts a JSON array of records as one ingestion run, all or nothing: every record is checked
   * against every limit before anything is published, and a refusal names each bad record.
   * With an Idempotency-Key the run and record ids are derived from it, so a retried push
   * produces the same ids; the run is claimed in PostgreSQL first, so of two concurrent pushes
   * with one key only one publishes.
   */
  async push(sourceId: string, body: unknown, idempotencyKey?: string): Promise<PushRecordsResponse> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'idempotency_key_invalid', message: 'The Idempotency-Key header must be 1 to 255 printable ASCII characters' });
    }
    const verdict = validatePushBody(body, this.environment);
    if (!verdict.accepted) throw refusal(verdict.status, verdict.message, verdict.problems);
    const { records } = verdict;
    const runId = openRunId(sourceId, idempotencyKey);
    const bodyChecksum = computeChecksum(records);
    const traceContext = activeContext();
    const traceId = traceIdOf(traceContext);
    const claim = await this.runs.claim({
      runId,
      sourceId,
      recordCount: records.length,
      idempotencyKey: idempotencyKey ?? null,
      bodyChecksum,
      traceId: traceId ?? null,
    });
    if (!claim.claimed) return this.answerFromExisting(claim.existing, bodyChecksum);
    const { claimToken } = claim;

    const ingestedAt = new Date().toISOString();
    const enveloped = records.map((payload, index) => ({
      envelope: envelopeRecord({ sourceId, runId, index, total: records.length, ingestedAt, payload }),
      traceContext,
    }));
    const stopRefreshing = this.keepClaimFresh(runId, claimToken);
    let accepted: boolean;
    try {
      await this.ingestion.publishRun(enveloped, { sourceId, runId, traceContext });
      accepted = await this.runs.markAccepted(runId, claimToken);
    } catch (error) {
      // Released, so a retry (same ids, so stored once downstream) can claim the run again.
      await this.runs.markFailed(runId, claimToken).catch(() => this.logger.warn(`Could not release the claim of run ${runId}; it expires by itself`));
      throw error;
    } finally {
      stopRefreshing();
    }
    if (!accepted) throw conflict('idempotency_key_taken_over', CLAIM_TAKEN_OVER_MESSAGE);
    countIngestedRecords(sourceId, enveloped.length);
    return { runId, sourceId, accepted: enveloped.length, replayed: false, ...(traceId ? { traceId } : {}) };
  }

  async findRun(runId: string): Promise<IngestionRunResponse> {
    const run = await this.runs.findAccepted(runId);
    // The id is the caller's input: not repeated.
    if (!run) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'run_not_found', message: 'No such ingestion run' });
    return {
      runId: run.runId,
      sourceId: run.sourceId,
      recordCount: run.recordCount,
      acceptedAt: run.acceptedAt.toISOString(),
      ...(run.traceId ? { traceId: run.traceId } : {}),
    };
  }

  /**
   * Refreshes the claim every CLAIM_REFRESH_SECONDS until stopped, so a publish longer than
   * STALE_CLAIM_SECONDS is not mistaken for a dead push and taken over. Returns the stop function.
   */
  private keepClaimFresh(runId: string, claimToken: string): () => void {
    let refreshing = false;
    const timer = setInterval(() => {
      if (refreshing) return; // a slow refresh is not stacked with the next one
      refreshing = true;
      this.runs
        .refreshClaim(runId, claimToken)
        .then((held) => {
          if (!held) this.logger.warn(`The claim of run ${runId} was taken over by another push; this push will not be confirmed`);
        })
        .catch(() => this.logger.warn(`Could not refresh the claim of run ${runId}; it is taken over if not refreshed within ${STALE_CLAIM_SECONDS} s`))
        .finally(() => (refreshing = false));
    }, CLAIM_REFRESH_SECONDS * 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The answer for a push whose Idempotency-Key another push already claimed. */
  private answerFromExisting(existing: IngestionRunEntity, bodyChecksum: string): PushRecordsResponse {
    if (existing.bodyChecksum && existing.bodyChecksum !== bodyChecksum) {
      throw conflict('idempotency_key_reused', 'This Idempotency-Key was already used for a different body; use a new key for new records');
    }
    if (existing.state !== 'accepted') {
      throw conflict('idempotency_key_in_progress', 'A push with this Idempotency-Key is in progress; retry once it has finished');
    }
    const { runId, sourceId, recordCount, traceId } = existing;
    return { runId, sourceId, accepted: recordCount, replayed: true, ...(traceId ? { traceId } : {}) };
  }
}
