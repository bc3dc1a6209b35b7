import { Module } from '@nestjs/common';
import { ReferenceTablesRepository } from './reference-tables.repository';
import { ReferenceTablesService } from './reference-tables.service';

/** The reference columns of reference checks, loaded once for the stream, replays and dry-runs (one cache per process). */
@Module({
  providers: [ReferenceTablesService, ReferenceTablesRepository],
  exports: [ReferenceTablesService],
})
export class ReferencesModule {}
