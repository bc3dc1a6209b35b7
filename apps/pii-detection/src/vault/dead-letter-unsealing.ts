import { BadRequestException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { createPayloadValidator, SealedValue, SealedValueSchema } from '@atlas/contracts';
import { SealPosition } from '@atlas/kafka';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { DeadLetterUnsealAuditRepository } from './dead-letter-unseal-audit.repository';
import { vaultOperationsTotal } from './vault.metrics';

export type UnsealReason = 'granted' | 'not_permitted' | 'invalid_request' | 'unseal_failed';

export interface UnsealedDeadLetter {
  source: SealPosition;
  /** The original message value, byte for byte, in base64. Handle as personal data. */
  originalValueBase64: string;
}

// Kafka's own bounds: topic names up to 249 characters of [a-zA-Z0-9._-], offsets are int64.
const SourcePositionSchema = Type.Object({
  topic: Type.String({ pattern: '^[a-zA-Z0-9._-]{1,249}$' }),
  partition: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  offset: Type.String({ pattern: '^[0-9]{1,19}$' }),
});
// Extra properties are allowed, so a dead letter read from the topic can be posted as it is.
const UnsealRequestSchema = Type.Object({ source: SourcePositionSchema, sealedOriginalValue: SealedValueSchema });
const sourceValidator = createPayloadValidator<SealPosition>(SourcePositionSchema);
const requestValidator = createPayloadValidator<{ source: SealPosition; sealedOriginalValue: SealedValue }>(UnsealRequestSchema);

/** The source position of a request when it is well-formed (so the audit never stores arbitrary input). */
function positionOf(body: unknown): SealPosition | undefined {
  const source = typeof body === 'object' && body !== null ? (body as { source?: unknown }).source : undefined;
  const result = sourceValidator.validate(source);
  return result.valid ? { topic: result.value.topic, partition: result.value.partition, offset: result.value.offset } : undefined;
}

/**
 * Gives an operator holding pii:reveal the original bytes of a dead letter: every service seals
 * them to ATLAS_DEAD_LETTER_PUBLIC_KEY, only this service's vault key opens them. Every request of
 * a known key is audited, before anything is returned.
 */
@Injectable()
export class DeadLetterUnsealing {
  constructor(
    private readonly keys: ProtectionKeys,
    private readonly audit: DeadLetterUnsealAuditRepository,
  ) {}

  async unseal(body: unknown, keyFingerprint: string): Promise<UnsealedDeadLetter> {
    const parsed = requestValidator.validate(body);
    if (!parsed.valid) {
      await this.record(body, keyFingerprint, false, 'invalid_request');
      // The reason names paths and rules, never the submitted values.
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'invalid_unseal_request', message: `The body must be { source: { topic, partition, offset }, sealedOriginalValue }: ${parsed.reason}` });
    }
    const position = positionOf(body)!;
    let original: Buffer;
    try {
      original = this.keys.deadLetterUnsealer.unseal(parsed.value.sealedOriginalValue, position);
    } catch {
      await this.record(body, keyFingerprint, false, 'unseal_failed');
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'unseal_failed',
        message: 'The sealed value could not be opened: it was sealed to another key, altered, or belongs to another source position',
      });
    }
    await this.record(body, keyFingerprint, true, 'granted');
    return { source: position, originalValueBase64: original.toString('base64') };
  }

  /** Records a request refused for lack of pii:reveal (answered 403 by the guard). */
  auditRefusal(body: unknown, keyFingerprint: string): Promise<void> {
    return this.record(body, keyFingerprint, false, 'not_permitted');
  }

  private record(body: unknown, requesterFingerprint: string, allowed: boolean, reason: UnsealReason): Promise<void> {
    const position = positionOf(body);
    vaultOperationsTotal.inc({ operation: 'unseal', outcome: reason });
    return this.audit.record({
      sourceTopic: position?.topic ?? null,
      sourcePartition: position?.partition ?? null,
      sourceOffset: position?.offset ?? null,
      requesterFingerprint,
      allowed,
      reason,
    });
  }
}
