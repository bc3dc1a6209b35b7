import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The contract version that checks one source's records. */
@Entity({ schema: 'quality', name: 'active_contracts' })
export class ActiveContractEntity {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'contract_id', type: 'text' })
  contractId: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ name: 'activated_by', type: 'text' })
  activatedBy: string;

  @Column({ name: 'activated_at', type: 'timestamptz' })
  activatedAt: Date;
}
