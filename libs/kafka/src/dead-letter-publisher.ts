import { DeadLetter, KAFKA_HEADERS, TOPICS } from '@atlas/contracts';
import { KafkaPublisher } from './kafka-publisher.service';
import { DeadLetterRequest } from './record-batch';

/** Publishes rejected messages with the reason and their position; the original bytes are kept. */
export async function publishDeadLetters(
  publisher: KafkaPublisher,
  serviceName: string,
  topic: string,
  requests: readonly DeadLetterRequest[],
): Promise<void> {
  if (requests.length === 0) return;
  const failedAt = new Date().toISOString();
  await publisher.publish(
    TOPICS.DEAD_LETTER,
    requests.map((request) => {
      const deadLetter: DeadLetter = {
        reason: request.reason,
        service: serviceName,
        failedAt,
        source: {
          topic,
          partition: request.partition,
          offset: request.offset,
          ...(request.index !== undefined ? { index: request.index } : {}),
          ...(request.sourceId !== undefined ? { sourceId: request.sourceId } : {}),
          ...(request.runId !== undefined ? { runId: request.runId } : {}),
        },
        originalKey: request.key,
        originalValueBase64: request.rawValue ? request.rawValue.toString('base64') : null,
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
