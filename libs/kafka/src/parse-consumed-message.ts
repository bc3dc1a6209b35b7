import { KafkaMessage } from 'kafkajs';
import { isConsumedTopic, TOPIC_VALIDATORS } from '@atlas/contracts';
import { extractTraceContext } from '@atlas/observability';
import { describeFailure } from './failure-classification';
import { sourcePositionOf, stringHeaders } from './message-headers';
import { ConsumedMessage, DeadLetterRequest } from './record-batch';

/** Strict: a byte sequence that is not UTF-8 is refused, never silently replaced by U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type ParsedMessage<T> = { ok: true; message: ConsumedMessage<T> } | { ok: false; deadLetter: DeadLetterRequest };

/**
 * A consumed message parsed and validated against its topic's contract, or the dead letter that
 * says why not (the reason never quotes the input, only a position).
 */
export function parseConsumedMessage(topic: string, partition: number, message: KafkaMessage): ParsedMessage<unknown> {
  const headers = stringHeaders(message.headers);
  const key = message.key ? message.key.toString() : null;
  const reject = (reason: string, value?: unknown): ParsedMessage<unknown> => ({
    ok: false,
    deadLetter: { partition, offset: message.offset, key, rawValue: message.value, headers, reason, ...sourcePositionOf(value, headers) },
  });
  if (!message.value || message.value.length === 0) return reject('empty message value');
  let text: string;
  try {
    text = UTF8.decode(message.value);
  } catch {
    return reject('value is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Node's parse errors quote the input; only the position goes into the reason.
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position ? ` (at position ${position})` : /end of JSON input/.test(message) ? ' (unexpected end of input)' : '';
    return reject(`value is not valid JSON${where}`);
  }
  if (!isConsumedTopic(topic)) return reject(`no contract for topic ${topic}`);
  let result;
  try {
    result = TOPIC_VALIDATORS[topic].validate(value);
  } catch (error) {
    // A validator that cannot finish (e.g. a stack overflow on absurd nesting) rejects the message, never the partition.
    return reject(`payload could not be checked against the ${topic} contract: ${describeFailure(error)}`, value);
  }
  if (!result.valid) return reject(`payload does not match the ${topic} contract: ${result.reason}`, value);
  return {
    ok: true,
    message: { value: result.value, key, headers, partition, offset: message.offset, traceContext: extractTraceContext(headers) },
  };
}
