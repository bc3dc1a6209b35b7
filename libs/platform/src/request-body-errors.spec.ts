import 'reflect-metadata';
import { BadRequestException, Body, Controller, Logger, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { requestBodyErrorAnswer, requestBodyProblem, useJsonBody } from './request-body-errors';

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return { received: body };
  }

  @Post('large')
  large(@Body() body: unknown): unknown {
    return { received: Array.isArray(body) ? body.length : typeof body };
  }

  @Post('refuse')
  refuse(): never {
    throw new BadRequestException('refused by the route');
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const SECRET = 'ada.lovelace@example.com';

describe('JSON request bodies', () => {
  let app: NestExpressApplication;
  const loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(EchoModule, { bodyParser: false, logger: false });
    useJsonBody(app, { bytes: 100, setting: 'TEST_BODY_LIMIT' }, [{ path: '/large', limit: { bytes: 1000, setting: 'TEST_LARGE_LIMIT' } }]);
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    loggedErrors.mockRestore();
  });

  beforeEach(() => loggedErrors.mockClear());

  function post(path: string, body: string, headers: Record<string, string> = {}) {
    return request(app.getHttpServer())
      .post(path)
      .set({ 'Content-Type': 'application/json', ...headers })
      .send(body);
  }

  it('parses a valid body and hands it to the route', async () => {
    const response = await post('/echo', '[{"a":1}]').expect(201);
    expect(response.body).toEqual({ received: [{ a: 1 }] });
  });

  it('answers malformed JSON with 400, the position and none of the body', async () => {
    const response = await post('/echo', `{"email": "${SECRET}", oops}`).expect(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', code: 'body_not_json', message: 'The request body is not valid JSON (at position 38)' });
    expect(response.text).not.toContain('ada');
    expect(response.text).not.toContain('oops');
    expect(loggedErrors).not.toHaveBeenCalled();
  });

  it('leaves the position out when the parser does not give one, still quoting nothing', async () => {
    const response = await post('/echo', `{"email": ${SECRET}}`).expect(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', code: 'body_not_json', message: 'The request body is not valid JSON' });
    expect(response.text).not.toContain('lovelace');
  });

  it('answers a body that is neither an object nor an array without quoting it', async () => {
    const response = await post('/echo', `"${SECRET}"`).expect(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', code: 'body_not_json', message: 'The request body must be a JSON object or array' });
  });

  it('gives a route its own larger limit, and only that route', async () => {
    const body = JSON.stringify([{ text: 'x'.repeat(300) }]);
    expect((await post('/large', body).expect(201)).body).toEqual({ received: 1 });
    expect((await post('/echo', body).expect(413)).body.message).toBe('The request body is larger than the limit of 100 bytes (TEST_BODY_LIMIT)');
    const tooLarge = await post('/large', JSON.stringify([{ text: 'x'.repeat(1100) }])).expect(413);
    expect(tooLarge.body.message).toBe('The request body is larger than the limit of 1000 bytes (TEST_LARGE_LIMIT)');
    const malformed = await post('/large', `{"email": "${SECRET}", oops}`).expect(400);
    expect(malformed.body.message).toBe('The request body is not valid JSON (at position 38)');
    expect(malformed.text).not.toContain('ada');
  });

  it('answers a body over the limit with 413 naming the limit and its setting', async () => {
    const response = await post('/echo', JSON.stringify([{ text: 'x'.repeat(100) }])).expect(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      code: 'body_too_large',
      message: 'The request body is larger than the limit of 100 bytes (TEST_BODY_LIMIT)',
    });
  });

  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    const body = JSON.stringify([{ text: 'x'.repeat(87) }]);
    expect(Buffer.byteLength(body)).toBe(100);
    await post('/echo', body).expect(201);
    await post('/echo', `${body} `).expect(413);
  });

  it('answers an unsupported charset with 415 and fixed text', async () => {
    const response = await post('/echo', '[1]', { 'Content-Type': `application/json; charset=${SECRET}` }).expect(415);
    expect(response.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'body_charset_unsupported',
      message: 'The request body must be JSON in UTF-8; this charset is not supported',
    });
  });

  it('answers an unsupported content encoding with 415 and fixed text', async () => {
    const response = await post('/echo', '[1]', { 'Content-Encoding': 'x-secret-encoding' }).expect(415);
    expect(response.body.message).toBe('This Content-Encoding is not supported; send the body uncompressed or as gzip, deflate or br');
    expect(response.text).not.toContain('x-secret-encoding');
  });

  it('leaves errors thrown by routes to Nest', async () => {
    const response = await post('/refuse', '{}').expect(400);
    expect(response.body.message).toBe('refused by the route');
  });

  describe('requestBodyErrorAnswer', () => {
    it('ignores errors that did not come from the body parser', () => {
      expect(requestBodyErrorAnswer(new Error('boom'), { bytes: 1 })).toBeUndefined();
      expect(requestBodyErrorAnswer('text', { bytes: 1 })).toBeUndefined();
    });

    it('names no setting when there is none', () => {
      expect(requestBodyErrorAnswer({ type: 'entity.too.large', status: 413 }, { bytes: 1048576 })?.message).toBe(
        'The request body is larger than the limit of 1048576 bytes',
      );
    });

    it('answers other body-parser errors with their status and fixed text', () => {
      expect(requestBodyErrorAnswer({ type: 'request.aborted', status: 400, message: 'request aborted' }, { bytes: 1 })).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'body_aborted',
        message: 'The request was aborted before its body was complete',
      });
      expect(requestBodyErrorAnswer({ type: 'stream.encoding.set', status: 500, message: SECRET }, { bytes: 1 })).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'body_unreadable',
        message: 'The request body could not be read',
      });
    });
  });

  describe('as problem documents (the gateway)', () => {
    let gateway: NestExpressApplication;

    beforeAll(async () => {
      gateway = await NestFactory.create<NestExpressApplication>(EchoModule, { bodyParser: false, logger: false });
      useJsonBody(gateway, { bytes: 100, setting: 'TEST_BODY_LIMIT' }, [], 'problem+json');
      await gateway.init();
    });

    afterAll(() => gateway.close());

    it('answers malformed JSON and an oversized body as application/problem+json with a code, quoting nothing', async () => {
      const malformed = await request(gateway.getHttpServer()).post('/echo').set('Content-Type', 'application/json').send(`{"email": "${SECRET}", oops}`).expect(400);
      expect(malformed.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(malformed.text)).toEqual({
        type: 'urn:atlas:problem:body_not_json',
        title: 'Bad request',
        status: 400,
        detail: 'The request body is not valid JSON (at position 38)',
        code: 'body_not_json',
      });
      expect(malformed.text).not.toContain('ada');
      const tooLarge = await request(gateway.getHttpServer()).post('/echo').set('Content-Type', 'application/json').send(JSON.stringify([{ text: 'x'.repeat(100) }])).expect(413);
      expect(JSON.parse(tooLarge.text)).toEqual({
        type: 'urn:atlas:problem:body_too_large',
        title: 'Payload too large',
        status: 413,
        detail: 'The request body is larger than the limit of 100 bytes (TEST_BODY_LIMIT)',
        code: 'body_too_large',
      });
    });

    it('turns an answer into a problem with a sentence-case title', () => {
      expect(requestBodyProblem({ statusCode: 415, error: 'Unsupported Media Type', code: 'body_charset_unsupported', message: 'm' })).toEqual({
        type: 'urn:atlas:problem:body_charset_unsupported',
        title: 'Unsupported media type',
        status: 415,
        detail: 'm',
        code: 'body_charset_unsupported',
      });
    });
  });
});
