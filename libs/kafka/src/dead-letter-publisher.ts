import { DeadLetter, KAFKA_HEADERS, TOPICS } from '@atlas/contracts';
import { DeadLetterSealer } from './dead-letter-sealing';
import { KafkaPublisher } from './kafka-publisher.service';
import { DeadLetterRequest } from './record-batch';

/**
 * Publishes rejected messages with the reason and their position. The original value is kept byte
 * for byte but sealed to the dead-letter public key, bound to its source position: the topic holds
 * no raw personal data, and only pii-detection (PII_VAULT_KEY) can open it for an operator.
 */
export async function publishDeadLetters(
  publisher: KafkaPublisher,
  sealer: DeadLetterSealer,
  serviceName: string,
  topic: string,
  requests: readonly DeadLetterRequest[],
): Promise<void> {
  if (requests.length === 0) return;
  const failedAt = new Date().toISOString();
  await publisher.publish(
    TOPICS.DEAD_LETTER,
    requests.map((request) => {
      const position = { topic, partition: request.partition, offset: request.offset };
      const deadLetter: DeadLetter = {
        reason: request.reason,
        service: serviceName,
        failedAt,
        source: {
          ...position,
          ...(request.index !== undefined ? { index: request.index } : {}),
          ...(request.sourceId !== undefined ? { sourceId: request.sourceId } : {}),
          ...(request.runId !== undefined ? { runId: request.runId } : {}),
        },
        originalKey: request.key,
        sealedOriginalValue: request.rawValue ? sealer.seal(request.rawValue, position) : null,
        originalHeaders: request.headers,
      };
      return {
        key: `${topic}:${request.partition}:${request.offset}`,
        value: deadLetter,
        headers: { [KAFKA_HEADERS.DEAD_LETTER_REASON]: request.reason.slice(0, 500), [KAFKA_HEADERS.DEAD_LETTER_SERVICE]: serviceName },
      };
    }),
  );
}
