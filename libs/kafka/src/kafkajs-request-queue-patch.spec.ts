/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's network modules have no typings */
// patches/kafkajs+2.2.4.patch: kafkajs's request queue checked for pending requests on a timer that
// rescheduled itself every millisecond while nothing was pending, on every connection, for as long as
// it lived (kafkajs#1556, #1704). Checks are now scheduled only for a pending request or a throttle.
const RequestQueue = require('kafkajs/src/network/requestQueue');

const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface SentRequest {
  correlationId: number;
  sent: () => void;
  completed: jest.Mock;
}

function requestQueue(maxInFlightRequests: number) {
  return new RequestQueue({ maxInFlightRequests, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'spec', broker: 'localhost:9092', logger: silentLogger });
}

function push(queue: ReturnType<typeof requestQueue>, correlationId: number): SentRequest {
  const request: SentRequest = { correlationId, sent: jest.fn(), completed: jest.fn() };
  queue.push({
    entry: { correlationId, apiKey: 0, apiName: 'Produce', apiVersion: 3, resolve: request.completed, reject: jest.fn() },
    expectResponse: true,
    sendRequest: request.sent,
  });
  return request;
}

describe('the patched kafkajs request queue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves no timer behind once a request is fulfilled and nothing is pending', () => {
    const queue = requestQueue(1);
    const request = push(queue, 1);
    expect(request.sent).toHaveBeenCalledTimes(1);

    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });

    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('sends a request waiting for an in-flight slot when the slot frees', () => {
    const queue = requestQueue(1);
    const first = push(queue, 1);
    const second = push(queue, 2);
    expect(first.sent).toHaveBeenCalledTimes(1);
    expect(second.sent).not.toHaveBeenCalled();

    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });

    expect(second.sent).toHaveBeenCalledTimes(1);
    queue.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    // The check scheduled while the second request waited runs once, finds nothing and stops.
    jest.advanceTimersByTime(10);
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('still sends a request held back by a broker throttle when the throttle ends', () => {
    const queue = requestQueue(5);
    queue.maybeThrottle(50);
    const throttled = push(queue, 1);
    expect(throttled.sent).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(1);

    jest.advanceTimersByTime(49);
    expect(throttled.sent).not.toHaveBeenCalled();
    jest.advanceTimersByTime(11);

    expect(throttled.sent).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });
});
