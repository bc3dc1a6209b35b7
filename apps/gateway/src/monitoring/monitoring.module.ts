import { Module } from '@nestjs/common';
import { ConsumerLagReporter } from './consumer-lag.reporter';

@Module({ providers: [ConsumerLagReporter] })
export class MonitoringModule {}
