import { ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import { UnexpectedErrorFilter } from './unexpected-error.filter';

const SECRET = 'ada.lovelace@example.com';

function httpHost() {
  const json = jest.fn();
  const status = jest.fn(() => ({ json }));
  const response = { status };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }),
    getArgs: () => [{}, response],
    getArgByIndex: (index: number) => [{}, response][index],
  } as unknown as ArgumentsHost;
  return { host, status, json };
}

function queryFailed(code: string): Error {
  const driverError = Object.assign(new Error(`invalid input syntax for type uuid: "${SECRET}"`), { severity: 'ERROR', code, detail: `Key (email)=(${SECRET})` });
  return Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError, query: 'INSERT …', parameters: [SECRET] });
}

describe('UnexpectedErrorFilter', () => {
  const adapter = { isHeadersSent: () => false, reply: jest.fn(), end: jest.fn() };
  let logged: string[];

  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers an unexpected database error 500 with a fixed text and logs its code, never the values', () => {
    const { host, status, json } = httpHost();
    new UnexpectedErrorFilter(adapter as never).catch(queryFailed('22P02'), host);
    expect(status).toHaveBeenCalledWith(500);
    expect(json).toHaveBeenCalledWith({ statusCode: 500, error: 'Internal Server Error', code: 'internal_error', message: 'Internal server error' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('22P02');
    expect(logged.join('\n')).not.toContain(SECRET);
  });

  it('answers 503 when the database is unavailable', () => {
    const { host, status, json } = httpHost();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    new UnexpectedErrorFilter(adapter as never).catch(refused, host);
    expect(status).toHaveBeenCalledWith(503);
    expect(json).toHaveBeenCalledWith(expect.objectContaining({ statusCode: 503, code: 'dependency_unavailable' }));
  });

  it('leaves deliberate HTTP errors to Nest', () => {
    const { host, status } = httpHost();
    new UnexpectedErrorFilter(adapter as never).catch(new BadRequestException('bad'), host);
    expect(status).not.toHaveBeenCalled();
    expect(adapter.reply).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ statusCode: 400, message: 'bad' }), 400);
    expect(logged).toEqual([]);
  });
});
