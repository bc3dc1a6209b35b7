import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENTITY_TYPES } from '../detection/detection.types';
import { COLUMN_CLASSES } from '../structured/column-class';

/** Documentation of the PUT body; it is validated by the service, which names every problem. */
export class PutColumnClassificationRequest {
  @ApiProperty({ enum: COLUMN_CLASSES, example: 'personal', description: 'identifier and non_personal leave the column\'s values as they are' })
  class: string;

  @ApiPropertyOptional({ enum: ENTITY_TYPES, example: 'EMAIL_ADDRESS', description: 'Required when class is personal: every value is protected whole as this entity' })
  entityType?: string;
}
