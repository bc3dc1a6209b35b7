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
import { VaultKeyRewrap } from './vault-key-rewrap';
import { VaultKeyRotationRepository } from './vault-key-rotation.repository';
import { VaultKeysController } from './vault-keys.controller';
import { VaultLookupKey } from './vault-lookup-key';
import { VaultTokenEntity, VaultTokenKeyEntity } from './vault-token.entity';
import { VaultTokenRepository } from './vault-token.repository';

/** Entities the lead must list in PlatformModule.forRoot({ entities }). */
export const VAULT_ENTITIES = [VaultTokenEntity, VaultTokenKeyEntity, DetokenizeAuditEntity, DeadLetterUnsealAuditEntity];

/** The token vault (POST /api/v1/vault/detokenize) and dead-letter unsealing (POST /api/v1/dead-letters/unseal), both pii:reveal; key rotation (/api/v1/vault/keys, pii:admin). */
@Module({
  imports: [TypeOrmModule.forFeature(VAULT_ENTITIES)],
  controllers: [VaultController, VaultKeysController, DeadLettersController],
  providers: [
    ProtectionKeys,
    TokenVault,
    VaultTokenRepository,
    VaultKeyRotationRepository,
    VaultLookupKey,
    VaultKeyRewrap,
    DetokenizeAuditRepository,
    DeadLetterUnsealing,
    DeadLetterUnsealAuditRepository,
  ],
  exports: [ProtectionKeys, TokenVault],
})
export class VaultModule {}
