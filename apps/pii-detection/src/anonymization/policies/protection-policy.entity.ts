import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { PolicyDocument } from './policy.types';

/** One immutable version of a protection policy; a change is a new row with the next version. */
@Entity({ schema: 'pii_detection', name: 'protection_policies' })
export class ProtectionPolicyEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'text' })
  policyId: string;

  @PrimaryColumn({ name: 'version', type: 'integer' })
  version: number;

  /** The source the policy governs, or `*` for every source without its own policy. */
  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'document', type: 'jsonb' })
  document: PolicyDocument;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
