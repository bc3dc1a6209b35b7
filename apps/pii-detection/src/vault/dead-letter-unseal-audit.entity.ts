import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every unseal request from a known key, allowed or refused. Holds the key's fingerprint and the position, never the key or the value. */
@Entity({ schema: 'pii_detection', name: 'dead_letter_unseal_audit' })
export class DeadLetterUnsealAuditEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  /** The dead letter's source position when the request was well-formed; null otherwise (nothing arbitrary is stored). */
  @Column({ name: 'source_topic', type: 'text', nullable: true })
  sourceTopic: string | null;

  @Column({ name: 'source_partition', type: 'integer', nullable: true })
  sourcePartition: number | null;

  @Column({ name: 'source_offset', type: 'text', nullable: true })
  sourceOffset: string | null;

  /** First 16 hex characters of sha256(API key). */
  @Column({ name: 'requester_fingerprint', type: 'text' })
  requesterFingerprint: string;

  /** True only when the value was disclosed. */
  @Column({ name: 'allowed', type: 'boolean' })
  allowed: boolean;

  @Column({ name: 'reason', type: 'text' })
  reason: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
