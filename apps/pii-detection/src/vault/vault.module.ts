import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { DetokenizeAuditEntity } from './detokenize-audit.entity';
import { DetokenizeAuditRepository } from './detokenize-audit.repository';
import { TokenVault } from './token-vault';
import { VaultController } from './vault.controller';
import { VaultTokenEntity } from './vault-token.entity';
import { VaultTokenRepository } from './vault-token.repository';

/** Entities the lead must list in PlatformModule.forRoot({ entities }). */
export const VAULT_ENTITIES = [VaultTokenEntity, DetokenizeAuditEntity];

@Module({
  imports: [TypeOrmModule.forFeature(VAULT_ENTITIES)],
  controllers: [VaultController],
  providers: [ProtectionKeys, TokenVault, VaultTokenRepository, DetokenizeAuditRepository],
  exports: [ProtectionKeys, TokenVault],
})
export class VaultModule {}
