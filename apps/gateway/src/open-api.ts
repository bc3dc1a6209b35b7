import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /api/docs (deliberately public: it describes the API, it serves no data). */
export function configureOpenApi(app: NestExpressApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Atlas API')
    .setDescription(
      'Push records into the Atlas pipeline and follow their runs. A push is checked against documented limits before anything ' +
        'is published; a refusal (400, 409, 413, 415) names the limit and each refused record, and never quotes the body.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A user\'s access token (POST /api/v1/auth/login), an API key created through POST /api/v1/api-keys, or a key from ATLAS_API_KEYS',
    })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'api/docs/openapi.json' });
}
