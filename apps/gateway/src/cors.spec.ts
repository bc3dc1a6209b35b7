import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { configureCors } from './cors';

@Controller()
class SampleController {
  @Get('api/v1/sample')
  sample(): { ok: boolean } {
    return { ok: true };
  }
}

const ALLOWED = 'https://atlas.example.com';

async function appAllowing(origins: string[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ controllers: [SampleController] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>();
  configureCors(app, origins);
  await app.init();
  return app;
}

describe('CORS', () => {
  let apps: INestApplication[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });
  const start = async (origins: string[]) => {
    const app = await appAllowing(origins);
    apps.push(app);
    return request(app.getHttpServer());
  };

  it('sends no CORS header by default, to any origin', async () => {
    const api = await start([]);
    const answer = await api.get('/api/v1/sample').set('Origin', ALLOWED).expect(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await api.options('/api/v1/sample').set('Origin', ALLOWED).set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes an allowed origin, with Vary: Origin and no credentials header', async () => {
    const api = await start([ALLOWED, 'http://localhost:5173']);
    const answer = await api.get('/api/v1/sample').set('Origin', 'http://localhost:5173').expect(200);
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(answer.headers['vary']).toBe('Origin');
    expect(answer.headers['access-control-expose-headers']).toBe('Retry-After');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers an allowed preflight with 204, the methods, the headers and a max age', async () => {
    const api = await start([ALLOWED]);
    const preflight = await api.options('/api/v1/sample').set('Origin', ALLOWED).set('Access-Control-Request-Method', 'PUT').set('Access-Control-Request-Headers', 'authorization,content-type').expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,HEAD,POST,PUT,DELETE');
    expect(preflight.headers['access-control-allow-headers']).toBe('Authorization,X-API-Key,Content-Type,Idempotency-Key,traceparent,tracestate');
    expect(preflight.headers['access-control-max-age']).toBe('600');
  });

  it('gives an origin not on the list no CORS header: neither a look-alike nor a sub-domain', async () => {
    const api = await start([ALLOWED]);
    for (const origin of ['https://evil.example.org', 'https://atlas.example.com.evil.org', 'https://sub.atlas.example.com', 'http://atlas.example.com']) {
      const answer = await api.get('/api/v1/sample').set('Origin', origin).expect(200);
      expect({ origin, allowed: answer.headers['access-control-allow-origin'] }).toEqual({ origin, allowed: undefined });
    }
  });
});
