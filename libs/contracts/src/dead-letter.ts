import { Static, Type } from '@sinclair/typebox';

/**
 * What lands on the dead-letter topic. The original value is kept byte for byte (base64) so nothing
 * is lost; the dead-letter topic therefore belongs to the Explore layer and is access-restricted.
 */
export const DeadLetterSchema = Type.Object(
  {
    reason: Type.String({ minLength: 1 }),
    service: Type.String({ minLength: 1 }),
    failedAt: Type.String({ format: 'date-time' }),
    source: Type.Object(
      {
        topic: Type.String(),
        partition: Type.Integer({ minimum: 0 }),
        offset: Type.String(),
        /** Position inside the source (record index in a request or file), when known. */
        index: Type.Optional(Type.Integer({ minimum: 0 })),
        sourceId: Type.Optional(Type.String()),
        runId: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    originalKey: Type.Union([Type.String(), Type.Null()]),
    originalValueBase64: Type.Union([Type.String(), Type.Null()]),
    originalHeaders: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);
export type DeadLetter = Static<typeof DeadLetterSchema>;
