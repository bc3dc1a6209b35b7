import { createHash } from 'node:crypto';
import { DeadLetter, KAFKA_HEADERS, TOPICS } from '@atlas/contracts';
import { DeadLetterSealer } from './dead-letter-sealing';
import { KafkaPublisher } from './kafka-publisher.service';
import { DeadLetterRequest } from './record-batch';

const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEPT_HEADERS: ReadonlySet<string> = new Set([KAFKA_HEADERS.TRACEPARENT, KAFKA_HEADERS.TRACESTATE, KAFKA_HEADERS.RUN_ID, KAFKA_HEADERS.SOURCE_ID, KAFKA_HEADERS.POSITION_INDEX]);
const MAX_HEADER_VALUE_LENGTH = 512;

/**
 * The original key in clear only when it is an Atlas record id; any other key (a producer's own,
 * possibly a business key such as an e-mail address, possibly huge) is kept as its sha256, which
 * identifies it without revealing it and stays small.
 */
export function deadLetterKey(key: string | null): string | null {
  if (key === null || RECORD_ID.test(key)) return key;
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** The original headers Atlas itself sets (trace context, run and source ids), bounded; others are not kept. */
export function deadLetterHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (KEPT_HEADERS.has(name)) kept[name] = value.slice(0, MAX_HEADER_VALUE_LENGTH);
  }
  return kept;
}

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
          ...(request.location !== undefined ? { location: request.location } : {}),
        },
        originalKey: deadLetterKey(request.key),
        sealedOriginalValue: request.rawValue ? sealer.seal(request.rawValue, position) : null,
        originalHeaders: deadLetterHeaders(request.headers),
      };
      return {
        key: `${topic}:${request.partition}:${request.offset}`,
        value: deadLetter,
        headers: { [KAFKA_HEADERS.DEAD_LETTER_REASON]: request.reason.slice(0, 500), [KAFKA_HEADERS.DEAD_LETTER_SERVICE]: serviceName },
      };
    }),
  );
}
