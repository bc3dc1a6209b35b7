export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker over one source's requests: `failureThreshold` consecutive failed requests open
 * it; while open every request is refused at once (the run fails instead of hammering a failing
 * API); after `resetAfterMs` one trial request is let through (half-open): success closes it, a
 * failure opens it again. Kept per source across runs, so scheduled runs of a source that is down
 * fail fast until the reset time.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    private failureThreshold: number,
    private resetAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The settings of the source's current config (they may change between runs). */
  configure(failureThreshold: number, resetAfterMs: number): void {
    this.failureThreshold = failureThreshold;
    this.resetAfterMs = resetAfterMs;
  }

  state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() >= this.openedAt + this.resetAfterMs ? 'half-open' : 'open';
  }

  /** When an open breaker lets the next trial request through (epoch ms), or undefined when closed. */
  reopensAt(): number | undefined {
    return this.openedAt === undefined ? undefined : this.openedAt + this.resetAfterMs;
  }

  failures(): number {
    return this.consecutiveFailures;
  }

  /** Whether a request may be sent now; in half-open state only one at a time. */
  allowRequest(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** A trial request that ended without an answer (the run was cancelled): the next request may try again. */
  abandonTrial(): void {
    this.trialInFlight = false;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** Counts a failed request; true when this failure opened the breaker. */
  recordFailure(): boolean {
    this.consecutiveFailures += 1;
    const trialFailed = this.trialInFlight;
    this.trialInFlight = false;
    if (trialFailed || (this.openedAt === undefined && this.consecutiveFailures >= this.failureThreshold)) {
      this.openedAt = this.now();
      return true;
    }
    return false;
  }
}
