import { INestApplication, ValidationPipe } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiKeyGuard } from '@atlas/auth';
import { BaseEnvironment } from '@atlas/config';
import { AnonymizerService } from '../anonymization/anonymizer.service';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TEST_ADMIN_KEY, TEST_DETOKENIZE_KEY, TEST_NORMAL_KEY, testEnvironment } from '../anonymization/test/fixtures';
import { AnalyzeOptions, EntityType, Recognizer, RecognizerResult } from '../detection/detection.types';
import { TokenVault } from '../vault/token-vault';
import { PresidioController } from './presidio.controller';
import { PresidioService } from './presidio.service';
import { PII_ANALYZER, TextAnalyzer } from './presidio.tokens';

/** A fake analyzer with Presidio's documented behaviour on its README example. */
function recognizer(name: string, entities: EntityType[], languages: string[], find: (text: string) => Omit<RecognizerResult, 'recognizer'>[]): Recognizer {
  return {
    name,
    supportedEntities: entities,
    supportedLanguages: languages,
    analyze: (text) => find(text).map((result) => ({ ...result, recognizer: name })),
  };
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + 1)) found.push(index);
  return found;
}

const RECOGNIZERS: Recognizer[] = [
  recognizer('SpacyRecognizer', ['PERSON', 'LOCATION'], ['en'], (text) =>
    occurrences(text, 'John Smith').map((start) => ({ entityType: 'PERSON', start, end: start + 10, score: 0.85, validated: false, explanation: 'NER model' })),
  ),
  recognizer('UsLicenseRecognizer', ['US_DRIVER_LICENSE'], ['en'], (text) =>
    occurrences(text, 'AC432223').map((start) => ({ entityType: 'US_DRIVER_LICENSE', start, end: start + 8, score: 0.6499999999999999, validated: false })),
  ),
  recognizer('EmailRecognizer', ['EMAIL_ADDRESS'], ['*'], (text) =>
    [...text.matchAll(/[a-z]+@[a-z]+\.[a-z]+/g)].map((match) => ({ entityType: 'EMAIL_ADDRESS', start: match.index, end: match.index + match[0].length, score: 1, validated: true, explanation: 'email pattern' })),
  ),
];

class FakeAnalyzer implements TextAnalyzer {
  readonly calls: AnalyzeOptions[] = [];
  analyze(text: string, options: AnalyzeOptions = {}): RecognizerResult[] {
    this.calls.push(options);
    const language = options.language ?? 'en';
    return RECOGNIZERS.filter((item) => item.supportedLanguages.includes(language) || item.supportedLanguages.includes('*'))
      .flatMap((item) => item.analyze(text, { language }))
      .filter((result) => !options.entities || options.entities.includes(result.entityType))
      .filter((result) => result.score >= (options.scoreThreshold ?? 0.5));
  }
  recognizers(): readonly Recognizer[] {
    return RECOGNIZERS;
  }
}

describe('Presidio-compatible API', () => {
  let app: INestApplication;
  const analyzer = new FakeAnalyzer();
  const vault = { tokenize: jest.fn(), tokenizeMany: jest.fn(async (_namespace: string, entries: readonly unknown[]) => entries.map((_entry, index) => `tok_${index}`)) };

  beforeAll(async () => {
    const environment = testEnvironment();
    const moduleRef = await Test.createTestingModule({
      controllers: [PresidioController],
      providers: [
        { provide: BaseEnvironment, useValue: environment },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: PII_ANALYZER, useValue: analyzer },
        { provide: AnonymizerService, useValue: new AnonymizerService(new ProtectionKeys(environment), vault as unknown as TokenVault) },
        PresidioService,
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.init();
  });
  afterAll(() => app.close());

  const post = (path: string, body: unknown, key = TEST_NORMAL_KEY) => request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${key}`).send(body as object);
  const get = (path: string) => request(app.getHttpServer()).get(path).set('X-API-Key', TEST_NORMAL_KEY);

  describe('POST /analyze', () => {
    it("answers Presidio's documented example with Presidio's shape", async () => {
      const response = await post('/analyze', { text: 'John Smith drivers license is AC432223', language: 'en' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        {
          analysis_explanation: null,
          end: 10,
          entity_type: 'PERSON',
          recognition_metadata: { recognizer_identifier: 'SpacyRecognizer', recognizer_name: 'SpacyRecognizer' },
          score: 0.85,
          start: 0,
        },
        {
          analysis_explanation: null,
          end: 38,
          entity_type: 'US_DRIVER_LICENSE',
          recognition_metadata: { recognizer_identifier: 'UsLicenseRecognizer', recognizer_name: 'UsLicenseRecognizer' },
          score: 0.6499999999999999,
          start: 30,
        },
      ]);
      // Presidio's default threshold is 0: every result comes back unless the client asks otherwise.
      expect(analyzer.calls.at(-1)).toEqual({ language: 'en', scoreThreshold: 0 });
    });

    it('honours entities, score_threshold and context (passed to the analyzer as field context)', async () => {
      const text = 'John Smith drivers license is AC432223';
      expect((await post('/analyze', { text, language: 'en', entities: ['US_DRIVER_LICENSE'] })).body.map((r: { entity_type: string }) => r.entity_type)).toEqual(['US_DRIVER_LICENSE']);
      // Entities without a recognizer are skipped, as Presidio does.
      expect((await post('/analyze', { text, language: 'en', entities: ['AU_ABN', 'PERSON'] })).body.map((r: { entity_type: string }) => r.entity_type)).toEqual(['PERSON']);
      expect(analyzer.calls.at(-1)).toMatchObject({ entities: ['PERSON'] });
      expect((await post('/analyze', { text, language: 'en', score_threshold: 0.7 })).body.map((r: { entity_type: string }) => r.entity_type)).toEqual(['PERSON']);
      await post('/analyze', { text, language: 'en', context: ['driver', 'license'] });
      expect(analyzer.calls.at(-1)).toMatchObject({ fieldName: 'driver license' });
    });

    it('returns the decision process without values when asked', async () => {
      const response = await post('/analyze', { text: 'mail jane@example.com', language: 'en', return_decision_process: true });
      expect(response.body).toEqual([
        {
          analysis_explanation: {
            recognizer: 'EmailRecognizer',
            pattern_name: null,
            pattern: null,
            original_score: 1,
            score: 1,
            textual_explanation: 'email pattern',
            score_context_improvement: 0,
            supportive_context_word: '',
            validation_result: true,
            regex_flags: null,
          },
          end: 21,
          entity_type: 'EMAIL_ADDRESS',
          recognition_metadata: { recognizer_identifier: 'EmailRecognizer', recognizer_name: 'EmailRecognizer' },
          score: 1,
          start: 5,
        },
      ]);
      expect(JSON.stringify(response.body)).not.toContain('jane@');
    });

    it('does not report allow_list values', async () => {
      const response = await post('/analyze', { text: 'ops@example.com and jane@example.com', language: 'en', allow_list: ['ops@example.com'] });
      expect(response.body.map((result: { start: number }) => result.start)).toEqual([20]);
    });

    it('reports offsets in code points, as Presidio does', async () => {
      const response = await post('/analyze', { text: '😀 jane@example.com', language: 'en' });
      expect(response.body[0]).toMatchObject({ start: 2, end: 18 });
    });

    it('runs only language-independent recognizers for other languages', async () => {
      const response = await post('/analyze', { text: 'John Smith jane@example.com', language: 'de' });
      expect(response.status).toBe(200);
      expect(response.body.map((result: { entity_type: string }) => result.entity_type)).toEqual(['EMAIL_ADDRESS']);
    });

    it('accepts a list of texts and answers a list of lists (batch)', async () => {
      const response = await post('/analyze', { text: ['John Smith', 'nothing', 'AC432223'], language: 'en' });
      expect(response.status).toBe(200);
      expect(response.body.map((results: Array<{ entity_type: string }>) => results.map((result) => result.entity_type))).toEqual([['PERSON'], [], ['US_DRIVER_LICENSE']]);
    });

    it.each([
      [{ language: 'en' }, 'No text provided'],
      [{ text: 'x' }, 'No language provided'],
      [{ text: 42, language: 'en' }, 'text must be a string or a list of strings'],
      [{ text: 'x', language: 'english' }, 'language must be a two-letter ISO 639-1 code, e.g. "en"'],
      [{ text: 'x', language: 'en', score_threshold: 2 }, 'score_threshold must be a number from 0 to 1'],
      [{ text: 'x', language: 'en', entities: 'PERSON' }, 'entities must be a list of strings'],
      [{ text: 'x', language: 'en', entities: ['AU_ABN'] }, 'No matching recognizers were found to serve the request: none of AU_ABN is supported for language "en" (see GET /supportedentities)'],
      [{ text: 'x', language: 'en', ad_hoc_recognizers: [{ name: 'zip' }] }, 'ad_hoc_recognizers are not supported by Atlas; recognizers are configured in the service'],
      [{ text: 'x', language: 'en', allow_list: ['a'], allow_list_match: 'regex' }, 'allow_list_match: only "exact" is supported'],
    ])('answers 400 with a clear error for %j', async (body, error) => {
      const response = await post('/analyze', body);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe(error);
    });

    it('requires the normal API key', async () => {
      const response = await request(app.getHttpServer()).post('/analyze').send({ text: 'x', language: 'en' });
      expect(response.status).toBe(401);
    });
  });

  describe('POST /anonymize', () => {
    it("reproduces Presidio README's example exactly", async () => {
      const response = await post('/anonymize', {
        text: 'hello world, my name is Jane Doe. My number is: 034453334',
        anonymizers: {
          DEFAULT: { type: 'replace', new_value: 'ANONYMIZED' },
          PHONE_NUMBER: { type: 'mask', masking_char: '*', chars_to_mask: 4, from_end: true },
        },
        analyzer_results: [
          { start: 24, end: 32, score: 0.8, entity_type: 'NAME' },
          { start: 24, end: 28, score: 0.8, entity_type: 'FIRST_NAME' },
          { start: 29, end: 32, score: 0.6, entity_type: 'LAST_NAME' },
          { start: 48, end: 57, score: 0.95, entity_type: 'PHONE_NUMBER' },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        text: 'hello world, my name is ANONYMIZED. My number is: 03445****',
        items: [
          { start: 50, end: 59, entity_type: 'PHONE_NUMBER', text: '03445****', operator: 'mask' },
          { start: 24, end: 34, entity_type: 'NAME', text: 'ANONYMIZED', operator: 'replace' },
        ],
      });
    });

    it('defaults to <ENTITY_TYPE>, hashes with the keyed HMAC and tokenizes through the vault (for a pii:admin key)', async () => {
      const response = await post(
        '/anonymize',
        {
          text: 'Jane Jane a@b.co',
          anonymizers: { PERSON: { type: 'hash', hash_type: 'sha256' }, EMAIL_ADDRESS: { type: 'tokenize' } },
          analyzer_results: [
            { start: 0, end: 4, score: 1, entity_type: 'PERSON' },
            { start: 5, end: 9, score: 1, entity_type: 'PERSON' },
            { start: 10, end: 16, score: 1, entity_type: 'EMAIL_ADDRESS' },
          ],
        },
        TEST_ADMIN_KEY,
      );
      expect(response.status).toBe(200);
      const [email, second, first] = response.body.items;
      expect(first.text).toMatch(/^[0-9a-f]{64}$/);
      expect(second.text).toBe(first.text);
      expect(email).toEqual({ start: 130, end: 135, entity_type: 'EMAIL_ADDRESS', text: 'tok_0', operator: 'tokenize' });
      const plain = await post('/anonymize', { text: 'Jane', analyzer_results: [{ start: 0, end: 4, score: 1, entity_type: 'PERSON' }] });
      expect(plain.body.text).toBe('<PERSON>');
    });

    it('anonymizes entities named like Object.prototype members instead of failing with 500', async () => {
      for (const entityType of ['constructor', '__proto__', 'toString']) {
        const response = await post('/anonymize', { text: 'Jane', analyzer_results: [{ start: 0, end: 4, score: 1, entity_type: entityType }] });
        expect(response.status).toBe(200);
        expect(response.body.text).toBe(`<${entityType}>`);
      }
    });

    describe('keyed operators (the production keys as an oracle)', () => {
      const results = [{ start: 0, end: 4, score: 1, entity_type: 'PERSON' }];

      it.each([
        [{ PERSON: { type: 'hash' } }],
        [{ DEFAULT: { type: 'hash', hash_type: 'sha512' } }],
        [{ PERSON: { type: 'replace' }, EMAIL_ADDRESS: { type: 'encrypt', key: 'WmZq4t7w!z%C&F)J' } }],
        [{ PERSON: { type: 'mask', masking_char: '*', chars_to_mask: 2, from_end: false }, PHONE_NUMBER: { type: 'tokenize' } }],
      ])('answer 403 naming pii:admin to an ordinary or reveal key for %j, before any work', async (anonymizers) => {
        vault.tokenizeMany.mockClear();
        for (const key of [TEST_NORMAL_KEY, TEST_DETOKENIZE_KEY]) {
          const response = await post('/anonymize', { text: 'Jane', anonymizers, analyzer_results: results }, key);
          expect(response.status).toBe(403);
          expect(response.body).toEqual({
            statusCode: 403,
            error: 'Forbidden',
            code: 'permission_denied',
            permission: 'pii:admin',
            message: 'This API key lacks the permission pii:admin; a key from PII_ADMIN_API_KEYS is required',
          });
          expect(JSON.stringify(response.body)).not.toContain('Jane');
        }
        expect(vault.tokenizeMany).not.toHaveBeenCalled();
      });

      it('is checked before the body is validated (an invalid body with hash is still 403)', async () => {
        const response = await post('/anonymize', { text: '', anonymizers: { PERSON: { type: 'hash' } }, analyzer_results: 'nope' });
        expect(response.status).toBe(403);
      });

      it('leave replace, redact, mask and keep open to ordinary keys', async () => {
        const anonymizers = { PERSON: { type: 'redact' }, DEFAULT: { type: 'keep' }, PHONE_NUMBER: { type: 'mask', masking_char: '*', chars_to_mask: 2, from_end: false }, EMAIL_ADDRESS: { type: 'replace' } };
        const response = await post('/anonymize', { text: 'Jane', anonymizers, analyzer_results: results });
        expect(response.status).toBe(200);
        expect(response.body.text).toBe('');
      });

      it('answer 200 to a pii:admin key and 401 without a key', async () => {
        const body = { text: 'Jane', anonymizers: { PERSON: { type: 'hash' } }, analyzer_results: results };
        const admin = await post('/anonymize', body, TEST_ADMIN_KEY);
        expect(admin.status).toBe(200);
        expect(admin.body.text).toMatch(/^[0-9a-f]{64}$/);
        expect((await request(app.getHttpServer()).post('/anonymize').send(body)).status).toBe(401);
      });
    });

    it('uses code-point offsets in and out', async () => {
      const response = await post('/anonymize', { text: '😀 Jane!', analyzer_results: [{ start: 2, end: 6, score: 1, entity_type: 'PERSON' }] });
      expect(response.body).toEqual({ text: '😀 <PERSON>!', items: [{ start: 2, end: 10, entity_type: 'PERSON', text: '<PERSON>', operator: 'replace' }] });
    });

    it.each([
      [{ analyzer_results: [] }, 'Invalid input, text can not be empty'],
      [{ text: 'abc' }, 'Invalid input, analyzer_results must be a list of { start, end, score, entity_type }'],
      [{ text: 'abc', analyzer_results: [{ start: 2, end: 1, score: 1, entity_type: 'X' }] }, "Invalid input, analyzer result start index '2' must be smaller than end index '1' (analyzer_results[0])"],
      [{ text: 'abc', analyzer_results: [{ start: 0, end: 9, score: 1, entity_type: 'X' }] }, "Invalid input, analyzer result end index '9' must be smaller than the text length (analyzer_results[0])"],
      [{ text: 'abc', analyzer_results: [], anonymizers: { X: { type: 'custom', lambda: 'lambda x: x' } } }, 'anonymizers.X: the "custom" operator (a Python lambda) is not supported by Atlas'],
      [{ text: 'abc', analyzer_results: [], anonymizers: { X: { type: 'mask', masking_char: '**', chars_to_mask: 1, from_end: true } } }, 'anonymizers.X: masking_char must be exactly one character'],
    ])('answers 400 with a clear error for %j', async (body, error) => {
      const response = await post('/anonymize', body);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe(error);
    });
  });

  describe('GET /recognizers and /supportedentities', () => {
    it('lists the recognizers of a language, language-independent ones included (en by default)', async () => {
      expect((await get('/recognizers?language=en')).body).toEqual(['SpacyRecognizer', 'UsLicenseRecognizer', 'EmailRecognizer']);
      expect((await get('/recognizers')).body).toEqual(['SpacyRecognizer', 'UsLicenseRecognizer', 'EmailRecognizer']);
      expect((await get('/recognizers?language=fr')).body).toEqual(['EmailRecognizer']);
    });

    it('lists the supported entities of a language', async () => {
      const response = await get('/supportedentities?language=en');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(['EMAIL_ADDRESS', 'LOCATION', 'PERSON', 'US_DRIVER_LICENSE']);
      expect((await get('/supportedentities?language=xyz')).status).toBe(400);
    });
  });
});
