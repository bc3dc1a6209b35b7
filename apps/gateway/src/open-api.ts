import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentToOpenApi31 } from './open-api-3-1';

/** The gateway's OpenAPI 3.1 document, generated from its controllers and DTOs. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Atlas API')
    .setDescription(
      'The one public API of Atlas: push records and follow their runs; sources, uploads and source runs; data contracts, quality ' +
        'results, scores and the quarantine; PII findings, column classifications, policies and the Presidio-compatible analyzer; ' +
        'lineage; users, keys and the audit log. Every endpoint names the permission it needs (roles: admin, engineer, analyst, viewer, ' +
        'producer). A push is checked against documented limits before anything is published; a refusal (400, 409, 413, 415) names ' +
        'the limit and each refused record, and never quotes the body. Errors are application/problem+json with a stable code. ' +
        'Every list takes ?limit= (1-500, default 50), ?sort= from its allow-list and ?cursor= (the nextCursor of the previous page) ' +
        'and answers {items, nextCursor}; a cursor it did not issue for that sort is 400 cursor_invalid. The Marquez-compatible lineage ' +
        'listings and search page the same way but keep Marquez\'s names for their items and its totalCount ({namespaces|datasets|versions|jobs|runs|results, totalCount, nextCursor}).',
    )
    .setVersion('1')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A user\'s access token (POST /api/v1/auth/login), an API key created through POST /api/v1/api-keys, or a key from ATLAS_API_KEYS',
    })
    .build();
  return documentToOpenApi31(SwaggerModule.createDocument(app, config));
}

/** OpenAPI document at /api/docs (deliberately public: it describes the API, it serves no data). */
export function configureOpenApi(app: NestExpressApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
