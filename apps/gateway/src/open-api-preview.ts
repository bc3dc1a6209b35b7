import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { createOpenApiDocument } from './open-api';

/**
 * The gateway's OpenAPI document without a database, broker or environment: Nest's preview mode
 * resolves the modules without instantiating a provider (for the document's tests).
 */
export async function previewOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
