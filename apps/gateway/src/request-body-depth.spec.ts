import { MAX_BODY_DEPTH, refuseDeepBodies } from './request-body-depth';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

function answer(body: unknown, path = '/api/v1/users'): { passed: boolean; status?: number; contentType?: string; body?: unknown } {
  const seen: { passed: boolean; status?: number; contentType?: string; body?: unknown } = { passed: false };
  const response = {
    status: (code: number) => (seen.status = code),
    setHeader: (_name: string, value: string) => (seen.contentType = value),
    send: (text: string) => (seen.body = JSON.parse(text)),
  };
  refuseDeepBodies({ path, body }, response, () => (seen.passed = true));
  return seen;
}

describe('request body depth', () => {
  it('passes bodies up to 256 levels (a push of records at their deepest fits), and no body at all', () => {
    expect(MAX_BODY_DEPTH).toBe(256);
    expect([answer(nested(256)), answer(undefined), answer([{ id: 1 }])]).toEqual([{ passed: true }, { passed: true }, { passed: true }]);
  });

  it('refuses a deeper body, even 100,000 levels, with a problem document and without recursion', () => {
    const expected = {
      passed: false,
      status: 400,
      contentType: 'application/problem+json',
      body: { type: 'urn:atlas:problem:body_too_deep', title: 'Bad request', status: 400, code: 'body_too_deep', detail: 'The request body nests deeper than 256 levels' },
    };
    expect(answer(nested(257))).toEqual(expected);
    expect(answer(nested(100000))).toEqual(expected);
  });

  it('leaves a push to its own per-record depth rule, which names the record', () => {
    expect(answer([nested(100000)], '/api/v1/sources/people/records')).toEqual({ passed: true });
    expect(answer(nested(300), '/api/v1/sources/people/records/extra').passed).toBe(false);
  });
});
