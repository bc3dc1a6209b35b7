import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { DeadLetterUnsealAuditEntity } from './dead-letter-unseal-audit.entity';
import { DeadLetterUnsealAuditRepository } from './dead-letter-unseal-audit.repository';
import { DeadLetterUnsealing } from './dead-letter-unsealing';
import { DeadLettersController } from './dead-letters.controller';
import { DetokenizeAuditEntity } from './detokenize-audit.entity';
import { DetokenizeAuditRepository } from './detokenize-audit.repository';
import { TokenVault } from './token-vault';
import { VaultController } from './vault.controller';
import { VaultTokenEntity, VaultTokenKeyEntity } from './vault-token.entity';
import { VaultTokenRepository } from './vault-token.repository';

/** Entities the lead must list in PlatformModule.forRoot({ entities }). */
export const VAULT_ENTITIES = [VaultTokenEntity, VaultTokenKeyEntity, DetokenizeAuditEntity, DeadLetterUnsealAuditEntity];

/** The token vault (POST /api/v1/vault/detokenize) and dead-letter unsealing (POST /api/v1/dead-letters/unseal), both pii:reveal. */
@Module({
  imports: [TypeOrmModule.forFeature(VAULT_ENTITIES)],
  controllers: [VaultController, DeadLettersController],
  providers: [ProtectionKeys, TokenVault, VaultTokenRepository, DetokenizeAuditRepository, DeadLetterUnsealing, DeadLetterUnsealAuditRepository],
  exports: [ProtectionKeys, TokenVault],
})
export class VaultModule {}
