import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { VAULT_ENTITIES, VaultModule } from '../vault/vault.module';
import { AnonymizerService } from './anonymizer.service';
import { PoliciesController } from './policies/policies.controller';
import { PolicyService } from './policies/policy.service';
import { ProtectionPolicyEntity } from './policies/protection-policy.entity';
import { ProtectionPolicyRepository } from './policies/protection-policy.repository';

/** Every TypeORM entity of anonymization + vault: the lead lists these in PlatformModule.forRoot({ entities }). */
export const ANONYMIZATION_ENTITIES = [...VAULT_ENTITIES, ProtectionPolicyEntity];

/**
 * Protection operators, the anonymizer, versioned policies (PUT/GET /api/v1/policies/:policyId)
 * and, through VaultModule, the token vault (POST /api/v1/vault/detokenize).
 */
@Module({
  imports: [VaultModule, TypeOrmModule.forFeature([ProtectionPolicyEntity])],
  controllers: [PoliciesController],
  providers: [AnonymizerService, PolicyService, ProtectionPolicyRepository],
  exports: [AnonymizerService, PolicyService, VaultModule],
})
export class AnonymizationModule {}
