import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('spaces requests 1000/rate ms apart from the first one, without a burst', async () => {
    let now = 5000;
    const waits: number[] = [];
    const limiter = new RateLimiter(4, () => now, async (ms) => void waits.push(ms));
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(250);
    expect(await limiter.acquire()).toBe(500);
    now += 100;
    expect(await limiter.acquire()).toBe(650);
    // Idle for a while: the next request goes at once and the spacing starts again from it.
    now += 10000;
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(250);
    expect(waits).toEqual([250, 500, 650, 250]);
  });
});
