import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => (now = 1_000_000));

  it('opens after the threshold of consecutive failures, and a success in between starts the count again', () => {
    const breaker = new CircuitBreaker(3, 60000, clock);
    expect(breaker.recordFailure()).toBe(false);
    expect(breaker.recordFailure()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.failures()).toBe(0);
    expect([breaker.recordFailure(), breaker.recordFailure(), breaker.recordFailure()]).toEqual([false, false, true]);
    expect(breaker.state()).toBe('open');
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.reopensAt()).toBe(1_060_000);
  });

  it('lets one trial request through after resetAfterMs: success closes it, failure opens it for another period', () => {
    const breaker = new CircuitBreaker(2, 60000, clock);
    breaker.recordFailure();
    breaker.recordFailure();
    now += 59999;
    expect(breaker.state()).toBe('open');
    now += 1;
    expect(breaker.state()).toBe('half-open');
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.recordFailure()).toBe(true);
    expect(breaker.reopensAt()).toBe(1_120_000);
    now += 60000;
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
    expect(breaker.allowRequest()).toBe(true);
  });

  it('lets another trial through when the last one was abandoned', () => {
    const breaker = new CircuitBreaker(1, 1000, clock);
    breaker.recordFailure();
    now += 1000;
    expect(breaker.allowRequest()).toBe(true);
    breaker.abandonTrial();
    expect(breaker.allowRequest()).toBe(true);
  });
});
