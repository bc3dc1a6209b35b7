import { Module } from '@nestjs/common';
import { DeadLetterRepository } from './dead-letter.repository';
import { DeadLettersConsumer } from './dead-letters.consumer';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';

@Module({ controllers: [DeadLettersConsumer, DeadLettersController], providers: [DeadLetterRepository, DeadLettersService] })
export class DeadLettersModule {}
