import { DynamicModule, Module } from '@nestjs/common';
import { ClassConstructor } from 'class-transformer';
import { BaseEnvironment } from './base-environment';
import { validateEnvironment } from './validate-environment';

/** Validated configuration, injectable as `BaseEnvironment` and as the app's own environment class. */
@Module({})
export class ConfigModule {
  static forRoot<T extends BaseEnvironment>(environmentClass: ClassConstructor<T>): DynamicModule {
    // Validated when the app is created, so bootstrap can report every bad variable cleanly.
    const providers = [
      { provide: environmentClass, useFactory: () => validateEnvironment(environmentClass) },
      { provide: BaseEnvironment, useExisting: environmentClass },
    ];
    return { module: ConfigModule, global: true, providers, exports: providers };
  }
}
