import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClassificationService } from './classification.service';
import { ClassificationsController } from './classifications.controller';
import { ColumnClassificationEntity } from './column-classification.entity';
import { ColumnClassificationRepository } from './column-classification.repository';

/** Every TypeORM entity of this module: listed in PlatformModule.forRoot({ entities }). */
export const CLASSIFICATION_ENTITIES = [ColumnClassificationEntity];

/** Stored column classifications (GET/PUT /api/v1/pii/classifications). */
@Module({
  imports: [TypeOrmModule.forFeature([ColumnClassificationEntity])],
  controllers: [ClassificationsController],
  providers: [ClassificationService, ColumnClassificationRepository],
  exports: [ClassificationService],
})
export class ClassificationModule {}
