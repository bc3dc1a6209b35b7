import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which key encrypts a token's value: `token`, its own data key in vault_token_keys (destroying that
 * key crypto-shreds the value); `vault`, the vault's key (tokens stored before per-token keys).
 */
export type VaultKeyScope = 'vault' | 'token';

/** One token of the vault: the value only as AES-GCM ciphertext, found again through its keyed HMAC. */
@Entity({ schema: 'pii_detection', name: 'vault_tokens' })
export class VaultTokenEntity {
  @PrimaryColumn({ name: 'token', type: 'text' })
  token: string;

  @Column({ name: 'namespace', type: 'text' })
  namespace: string;

  @Column({ name: 'value_ciphertext', type: 'text' })
  valueCiphertext: string;

  @Column({ name: 'value_hmac', type: 'char', length: 64 })
  valueHmac: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'key_scope', type: 'text' })
  keyScope: VaultKeyScope;

  /** For `vault` scope, the id of the vault key encrypting value_ciphertext; null for `token` scope. */
  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A token's own data key, wrapped (AES-GCM) under the vault's key. Kept apart from the ciphertexts so
 * that deleting it makes every copy of the ciphertext (replicas, backups of vault_tokens) unreadable.
 */
@Entity({ schema: 'pii_detection', name: 'vault_token_keys' })
export class VaultTokenKeyEntity {
  @PrimaryColumn({ name: 'token', type: 'text' })
  token: string;

  @Column({ name: 'wrapped_key', type: 'text' })
  wrappedKey: string;

  /** The id of the vault key (PII_VAULT_KEYS) wrapping it. */
  @Column({ name: 'key_id', type: 'text' })
  keyId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
