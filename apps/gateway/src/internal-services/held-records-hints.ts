import { Injectable, Logger } from '@nestjs/common';
import { heldRecordsHint, type HeldRecordsHint, type SourceContractStatus } from '@atlas/contracts';
import { servicePath } from './internal-service-client';
import { InternalServices } from './internal-services';

/** How long a source's answer is reused: a push answer never waits on quality for each of a client's batches. */
export const HINT_CACHE_MS = 2000;
/** Longest wait for quality's answer; without one the push or run is answered without a hint. */
export const HINT_TIMEOUT_MS = 1000;
const MAX_CACHED_SOURCES = 10_000;

/**
 * The `held` hint of push answers and runs: when a source has no active contract, its records are
 * held in quarantine and the hint names the command that activates its draft contract. Asked of
 * quality (`GET /api/v1/contracts/sources/{id}`), best effort: quality down or slow leaves the hint
 * out, never fails the request.
 */
@Injectable()
export class HeldRecordsHints {
  private readonly logger = new Logger(HeldRecordsHints.name);
  private readonly cache = new Map<string, { hint: HeldRecordsHint | undefined; until: number }>();

  constructor(private readonly services: InternalServices) {}

  async forSource(sourceId: string): Promise<HeldRecordsHint | undefined> {
    const now = Date.now();
    const cached = this.cache.get(sourceId);
    if (cached && cached.until > now) return cached.hint;
    try {
      const path = servicePath`/api/v1/contracts/sources/${sourceId}`;
      const answer = await this.services.quality.call({ path, timeout: { ms: HINT_TIMEOUT_MS, variable: 'HINT_TIMEOUT_MS' } });
      const hint = heldRecordsHint(answer.body as SourceContractStatus);
      if (this.cache.size >= MAX_CACHED_SOURCES) this.cache.clear();
      this.cache.set(sourceId, { hint, until: now + HINT_CACHE_MS });
      return hint;
    } catch (error) {
      this.logger.debug(`No held-records hint for a source: ${(error as Error).name}`);
      return undefined;
    }
  }

  /** The answer with `held` when its source's records are held for want of a contract. */
  async attach<T extends object>(answer: T): Promise<T & { held?: HeldRecordsHint }> {
    const sourceId = (answer as { sourceId?: unknown }).sourceId;
    const held = typeof sourceId === 'string' ? await this.forSource(sourceId) : undefined;
    return held ? { ...answer, held } : answer;
  }
}
