import { Module } from '@nestjs/common';
import { RetentionRepository } from './retention.repository';
import { RetentionWorker } from './retention.worker';

@Module({ providers: [RetentionRepository, RetentionWorker] })
export class RetentionModule {}
