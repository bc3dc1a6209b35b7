import { Module } from '@nestjs/common';
import { RunCountsConsumer } from './run-counts.consumer';

@Module({ controllers: [RunCountsConsumer] })
export class RunCountsModule {}
