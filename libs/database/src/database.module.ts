import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BaseEnvironment } from '@atlas/config';

export type EntityClass = new (...args: never[]) => object;

/** One pool per service. The schema comes only from migrations: `synchronize` stays off. */
@Module({})
export class DatabaseModule {
  static forRoot(serviceName: string, entities: EntityClass[]): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [BaseEnvironment],
          useFactory: (environment: BaseEnvironment) => ({
            type: 'postgres',
            url: environment.DATABASE_URL,
            entities,
            synchronize: false,
            migrationsRun: false,
            // TypeORM's logger prints a failed query with its parameters (raw values); failures are
            // logged by their callers, by SQLSTATE and condition only (postgresErrorSummary).
            logging: false,
            poolSize: 10,
            retryAttempts: 30,
            retryDelay: 1000,
            extra: { application_name: serviceName, connectionTimeoutMillis: 5000 },
          }),
        }),
      ],
    };
  }
}
