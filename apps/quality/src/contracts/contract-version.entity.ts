import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One immutable version of a data contract (the ODCS document as validated). */
@Entity({ schema: 'quality', name: 'contract_versions' })
export class ContractVersionEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'text' })
  contractId: string;

  @PrimaryColumn({ name: 'version', type: 'text' })
  version: string;

  @Column({ type: 'jsonb' })
  document: object;

  @Column({ name: 'document_checksum', type: 'char', length: 64 })
  documentChecksum: string;

  @Column({ type: 'text' })
  origin: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
