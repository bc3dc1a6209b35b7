import { Static, Type } from '@sinclair/typebox';
import { createPayloadValidator } from './payload-validator';

export const DEAD_LETTER_SEAL_ALGORITHM = 'x25519-hkdf-sha256-aes-256-gcm/v1';

/** Standard base64 of exactly `bytes` bytes. */
const base64OfBytes = (bytes: number) => {
  const characters = Math.ceil(bytes / 3) * 4;
  const padding = (3 - (bytes % 3)) % 3;
  return Type.String({ minLength: characters, maxLength: characters, pattern: `^[A-Za-z0-9+/]{${characters - padding}}={${padding}}$` });
};

/**
 * A value sealed to the dead-letter public key (ATLAS_DEAD_LETTER_PUBLIC_KEY): ECDH between a fresh
 * X25519 key pair and the public key, HKDF-SHA256 to an AES-256-GCM key, the source position as
 * additional data. Only the holder of PII_VAULT_KEY (pii-detection) can open it.
 */
export const SealedValueSchema = Type.Object(
  {
    algorithm: Type.Literal(DEAD_LETTER_SEAL_ALGORITHM),
    /** Raw X25519 public key of the sender's one-time key pair, base64. */
    ephemeralPublicKey: base64OfBytes(32),
    iv: base64OfBytes(12),
    tag: base64OfBytes(16),
    ciphertext: Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$' }),
  },
  { additionalProperties: false },
);
export type SealedValue = Static<typeof SealedValueSchema>;

/** Where a dead-lettered message was read: also the additional data its sealed value is bound to. */
export const DeadLetterSourceSchema = Type.Object(
  {
    topic: Type.String(),
    partition: Type.Integer({ minimum: 0 }),
    offset: Type.String(),
    /** Position inside the source (record index in a request or file), when known. */
    index: Type.Optional(Type.Integer({ minimum: 0 })),
    sourceId: Type.Optional(Type.String()),
    /** Where the record was read in its source (file and line, topic/partition/offset), when known. */
    location: Type.Optional(Type.String()),
    runId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/**
 * What lands on the dead-letter topic. The reason, service and position are in clear (they never
 * hold values); the original value is sealed, so the topic holds no raw personal data. An operator
 * with pii:reveal recovers the bytes through pii-detection's POST /api/v1/dead-letters/unseal.
 */
export const DeadLetterSchema = Type.Object(
  {
    reason: Type.String({ minLength: 1 }),
    service: Type.String({ minLength: 1 }),
    failedAt: Type.String({ format: 'date-time' }),
    source: DeadLetterSourceSchema,
    originalKey: Type.Union([Type.String(), Type.Null()]),
    /** The original message value byte for byte, sealed; null when the message had no value. */
    sealedOriginalValue: Type.Union([SealedValueSchema, Type.Null()]),
    originalHeaders: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);
export type DeadLetter = Static<typeof DeadLetterSchema>;

export const sealedValueValidator = createPayloadValidator<SealedValue>(SealedValueSchema);
export const deadLetterValidator = createPayloadValidator<DeadLetter>(DeadLetterSchema);
