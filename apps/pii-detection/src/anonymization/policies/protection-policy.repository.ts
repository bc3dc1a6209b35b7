import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ProtectionPolicyEntity } from './protection-policy.entity';

@Injectable()
export class ProtectionPolicyRepository {
  constructor(@InjectRepository(ProtectionPolicyEntity) private readonly policies: Repository<ProtectionPolicyEntity>) {}

  /** The newest version of every policy (SELECT DISTINCT ON (policy_id) … ORDER BY policy_id, version DESC). */
  latestVersions(): Promise<ProtectionPolicyEntity[]> {
    return this.policies
      .createQueryBuilder('policy')
      .distinctOn(['policy.policyId'])
      .orderBy('policy.policyId', 'ASC')
      .addOrderBy('policy.version', 'DESC')
      .getMany();
  }

  /** A page of the newest version of every policy, by policy id after `afterPolicyId` (the keyset of the list). */
  latestVersionsPage(afterPolicyId: string | undefined, limit: number): Promise<ProtectionPolicyEntity[]> {
    const query = this.policies.createQueryBuilder('policy').distinctOn(['policy.policyId']).orderBy('policy.policyId', 'ASC').addOrderBy('policy.version', 'DESC').limit(limit);
    if (afterPolicyId !== undefined) query.where('policy.policyId > :afterPolicyId', { afterPolicyId });
    return query.getMany();
  }

  /** Every version of one policy, newest first. */
  versionsOf(policyId: string): Promise<ProtectionPolicyEntity[]> {
    return this.policies.find({ where: { policyId }, order: { version: 'DESC' } });
  }

  /** Inserts a new version; false when that version already exists (a concurrent PUT won). Never updates. */
  async insertVersion(row: Omit<ProtectionPolicyEntity, 'createdAt'>): Promise<boolean> {
    const result = await this.policies
      .createQueryBuilder()
      .insert()
      .into(ProtectionPolicyEntity)
      .values(row)
      .orIgnore()
      .returning('policy_id')
      .execute();
    return Array.isArray(result.raw) && result.raw.length > 0;
  }
}
