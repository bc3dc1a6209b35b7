import { verifyAlertSignature } from './alert-signature';
import { AlertDispatcher, MAX_ALERT_ATTEMPTS, retryDelayMs } from './alert-dispatcher.service';
import type { AlertRepository, PendingAlert } from './alert.repository';
import type { AlertPayload } from './fired-alerts';

const WEBHOOK = { url: 'http://alerts.example.test/hook', secret: 'a-webhook-secret-of-at-least-32-characters' };
const ALERT: PendingAlert = { alertId: '00000000-0000-4000-8000-000000000001', attempts: 0, payload: { alertId: '00000000-0000-4000-8000-000000000001', type: 'check_failed', checkId: 'orders.amount.minimum' } as AlertPayload };

describe('AlertDispatcher', () => {
  const claimDue = jest.fn<Promise<PendingAlert[]>, [number, number]>();
  const markDelivered = jest.fn<Promise<void>, [string]>();
  const markFailed = jest.fn<Promise<void>, [string, string, number | undefined]>();
  const repository = { claimDue, markDelivered, markFailed } as unknown as AlertRepository;
  const send = jest.fn<Promise<Response>, [string, RequestInit]>();

  beforeEach(() => {
    for (const mock of [claimDue, markDelivered, markFailed, send]) mock.mockReset();
    markDelivered.mockResolvedValue(undefined);
    markFailed.mockResolvedValue(undefined);
  });

  it('POSTs each due alert signed with HMAC over the timestamp and body, and marks it delivered', async () => {
    claimDue.mockResolvedValueOnce([ALERT]);
    send.mockResolvedValueOnce(new Response(null, { status: 204 }));
    const dispatcher = new AlertDispatcher(repository, WEBHOOK, send as unknown as typeof fetch);
    expect(await dispatcher.deliverDue()).toBe(1);
    const [url, init] = send.mock.calls[0];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe(WEBHOOK.url);
    expect(init.body).toBe(JSON.stringify(ALERT.payload));
    expect(headers['x-atlas-alert-id']).toBe(ALERT.alertId);
    expect(verifyAlertSignature(WEBHOOK.secret, headers['x-atlas-signature'], init.body as string, Math.floor(Date.now() / 1000))).toBe(true);
    expect(markDelivered).toHaveBeenCalledWith(ALERT.alertId);
  });

  it('retries a refused or failed delivery with backoff, and abandons it after the last attempt', async () => {
    claimDue.mockResolvedValueOnce([ALERT, { ...ALERT, alertId: 'second', attempts: MAX_ALERT_ATTEMPTS - 1 }]);
    send.mockResolvedValueOnce(new Response('nope', { status: 500 })).mockRejectedValueOnce(new TypeError('fetch failed'));
    const dispatcher = new AlertDispatcher(repository, WEBHOOK, send as unknown as typeof fetch);
    expect(await dispatcher.deliverDue()).toBe(0);
    expect(markFailed.mock.calls).toEqual([
      [ALERT.alertId, 'HTTP 500', 1_000],
      ['second', 'TypeError', undefined],
    ]);
    expect(markDelivered).not.toHaveBeenCalled();
  });

  it('does nothing without a webhook', async () => {
    const dispatcher = new AlertDispatcher(repository, undefined, send as unknown as typeof fetch);
    expect(await dispatcher.deliverDue()).toBe(0);
    expect(claimDue).not.toHaveBeenCalled();
  });

  it('backs off 1 s doubling up to 5 minutes, then stops', () => {
    expect([1, 2, 3, 7].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 64_000]);
    expect(retryDelayMs(MAX_ALERT_ATTEMPTS)).toBeUndefined();
  });
});
