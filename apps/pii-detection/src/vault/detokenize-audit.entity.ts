import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every detokenize call, allowed or denied. Holds a fingerprint of the caller's key, never the key or the value. */
@Entity({ schema: 'pii_detection', name: 'detokenize_audit' })
export class DetokenizeAuditEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  /** The requested token when it is well-formed; null otherwise (so nothing arbitrary is stored). */
  @Column({ name: 'token', type: 'text', nullable: true })
  token: string | null;

  /** First 16 hex characters of sha256(API key); null when no key was presented. */
  @Column({ name: 'requester_fingerprint', type: 'text', nullable: true })
  requesterFingerprint: string | null;

  /** True only when the value was disclosed. */
  @Column({ name: 'allowed', type: 'boolean' })
  allowed: boolean;

  @Column({ name: 'reason', type: 'text' })
  reason: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
