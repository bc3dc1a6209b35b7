import { Module } from '@nestjs/common';
import { AnonymizationModule } from '../anonymization/anonymization.module';
import { ClassificationModule } from '../classification/classification.module';
import { ClassificationService } from '../classification/classification.service';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TextAnalyzer } from '../detection/detection.types';
import { PII_ANALYZER } from '../presidio/presidio.tokens';
import { RecordProtector } from '../structured/record-protector';
import { TokenVault } from '../vault/token-vault';
import { DryRunProtectionController } from './dry-run-protection.controller';
import { DryRunProtectionService } from './dry-run-protection.service';
import { ProtectionConsumer } from './protection.consumer';
import { ProtectionService } from './protection.service';

@Module({
  imports: [AnonymizationModule, ClassificationModule],
  controllers: [ProtectionConsumer, DryRunProtectionController],
  providers: [
    ProtectionService,
    DryRunProtectionService,
    {
      provide: RecordProtector,
      inject: [PII_ANALYZER, ProtectionKeys, TokenVault, ClassificationService],
      useFactory: (analyzer: TextAnalyzer, keys: ProtectionKeys, vault: TokenVault, classifications: ClassificationService) =>
        new RecordProtector(analyzer, { keys, tokenizer: vault }, {}, classifications),
    },
  ],
  // Rectification protects new values with the same instance (its column classifications).
  exports: [RecordProtector],
})
export class ProtectionModule {}
