import { DynamicModule, Global, Module } from '@nestjs/common';
import { StageRunLineage } from './stage-run-lineage.service';
import { STAGE_RUN_SCHEMA, StageRunRepository } from './stage-run.repository';

/** Per-run lineage of a pipeline stage, its progress kept in `<schema>.lineage_stage_runs` of the service's own schema. */
@Global()
@Module({})
export class StageRunLineageModule {
  static forSchema(schema: string): DynamicModule {
    const providers = [{ provide: STAGE_RUN_SCHEMA, useValue: schema }, StageRunRepository, StageRunLineage];
    return { module: StageRunLineageModule, providers, exports: [StageRunLineage] };
  }
}
