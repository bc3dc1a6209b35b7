import { Module } from '@nestjs/common';
import { QualityEnvironment } from '../quality-environment';
import { ALERT_FETCH, ALERT_WEBHOOK, AlertDispatcher } from './alert-dispatcher.service';
import { AlertRepository } from './alert.repository';

@Module({
  providers: [
    AlertRepository,
    AlertDispatcher,
    {
      provide: ALERT_WEBHOOK,
      inject: [QualityEnvironment],
      useFactory: (environment: QualityEnvironment) =>
        environment.QUALITY_ALERT_WEBHOOK_URL && environment.QUALITY_ALERT_WEBHOOK_SECRET ? { url: environment.QUALITY_ALERT_WEBHOOK_URL, secret: environment.QUALITY_ALERT_WEBHOOK_SECRET } : undefined,
    },
    { provide: ALERT_FETCH, useValue: fetch },
  ],
})
export class AlertsModule {}
