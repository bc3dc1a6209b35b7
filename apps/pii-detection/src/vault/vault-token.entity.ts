import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
