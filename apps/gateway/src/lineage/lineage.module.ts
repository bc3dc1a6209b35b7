import { Module } from '@nestjs/common';
import { LineageClient } from './lineage-client';
import { LineageController } from './lineage.controller';

@Module({
  controllers: [LineageController],
  providers: [LineageClient],
})
export class LineageModule {}
