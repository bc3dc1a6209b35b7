import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { alertDeliveriesTotal } from '../validation/quality.metrics';
import { describeFailure } from '@atlas/kafka';
import { ALERT_SIGNATURE_HEADER, signAlert } from './alert-signature';
import { AlertRepository, type PendingAlert } from './alert.repository';


export interface AlertWebhook {
  url: string;
  secret: string;
}

/** The webhook, or undefined when none is configured (QUALITY_ALERT_WEBHOOK_URL). */
export const ALERT_WEBHOOK = Symbol('ALERT_WEBHOOK');

/** The fetch the dispatcher uses (a seam for unit tests). */
export const ALERT_FETCH = Symbol('ALERT_FETCH');

export const MAX_ALERT_ATTEMPTS = 8;
const TICK_MS = 1_000;
const REQUEST_TIMEOUT_MS = 5_000;

/** Backoff after the n-th failed attempt: 1 s doubling, at most 5 minutes; none after the last. */
export function retryDelayMs(attempt: number): number | undefined {
  return attempt >= MAX_ALERT_ATTEMPTS ? undefined : Math.min(1_000 * 2 ** (attempt - 1), 300_000);
}

/**
 * Delivers the alert outbox to the webhook: a POST of the JSON payload, signed with HMAC-SHA256
 * over `<timestamp>.<body>` (header x-atlas-signature), the alert id in x-atlas-alert-id so the
 * receiver can drop repeats (delivery is at least once). A non-2xx answer or a network failure is
 * retried with backoff; after MAX_ALERT_ATTEMPTS the alert is abandoned (kept, with its last failure).
 */
@Injectable()
export class AlertDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly alerts: AlertRepository,
    @Inject(ALERT_WEBHOOK) private readonly webhook: AlertWebhook | undefined,
    @Inject(ALERT_FETCH) private readonly send: typeof fetch,
  ) {}

  onModuleInit(): void {
    if (!this.webhook) return;
    this.timer = setInterval(() => void this.deliverDue(), TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over the due alerts; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    if (!this.webhook || this.running) return 0;
    this.running = true;
    let delivered = 0;
    try {
      for (const alert of await this.alerts.claimDue(20, REQUEST_TIMEOUT_MS * 2)) {
        if (await this.deliver(this.webhook, alert)) delivered += 1;
      }
    } catch (error) {
      this.logger.warn(`Could not read the alert outbox: ${describeFailure(error)}`);
    } finally {
      this.running = false;
    }
    return delivered;
  }

  private async deliver(webhook: AlertWebhook, alert: PendingAlert): Promise<boolean> {
    const body = JSON.stringify(alert.payload);
    let failure: string;
    try {
      const response = await this.send(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [ALERT_SIGNATURE_HEADER]: signAlert(webhook.secret, Math.floor(Date.now() / 1000), body), 'x-atlas-alert-id': alert.alertId },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (response.ok) {
        await this.alerts.markDelivered(alert.alertId);
        alertDeliveriesTotal.inc({ result: 'delivered' });
        return true;
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.name : 'unknown error';
    }
    const retryIn = retryDelayMs(alert.attempts + 1);
    await this.alerts.markFailed(alert.alertId, failure, retryIn);
    alertDeliveriesTotal.inc({ result: retryIn === undefined ? 'abandoned' : 'retry' });
    if (retryIn === undefined) this.logger.warn(`Alert ${alert.alertId} abandoned after ${MAX_ALERT_ATTEMPTS} attempts (${failure})`);
    return false;
  }
}
