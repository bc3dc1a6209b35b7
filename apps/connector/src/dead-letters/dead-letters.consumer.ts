import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadLetter, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { DeadLettersService } from './dead-letters.service';

/** Stores what every service dead-letters, so the API can list it (a redelivered letter is stored once). */
@Controller()
export class DeadLettersConsumer {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @EventPattern(TOPICS.DEAD_LETTER)
  async store(@Payload() batch: RecordBatch<DeadLetter>): Promise<void> {
    await this.deadLetters.store(batch.messages.map(({ value }) => value));
  }
}
