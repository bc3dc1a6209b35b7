import { pathDecodes, refuseUnusableUrls, urlHoldsNul } from './request-path';

function answer(path: string, query = ''): { passed: boolean; status?: number; contentType?: string; body?: string } {
  const seen: { passed: boolean; status?: number; contentType?: string; body?: string } = { passed: false };
  const response = {
    status: (code: number) => (seen.status = code),
    setHeader: (_name: string, value: string) => (seen.contentType = value),
    send: (body: string) => (seen.body = body),
  };
  refuseUnusableUrls({ path, url: path + query }, response, () => (seen.passed = true));
  return seen;
}

/** What a refused request gets: its problem document, parsed. */
function refusal(code: string, detail: string) {
  return { passed: false, status: 400, contentType: 'application/problem+json', body: { type: `urn:atlas:problem:${code}`, title: 'Bad request', status: 400, code, detail } };
}

describe('request paths', () => {
  it('decode when every escape is UTF-8, including encoded slashes, NUL and astral characters', () => {
    expect(['/api/v1/policies/a%2Fb', '/api/v1/runs/%00', '/x/%F0%9D%94%98', '/plain'].map(pathDecodes)).toEqual([true, true, true, true]);
    expect(['/api/v1/policies/%FF', '/x/%ED%A0%80', '/x/%E2%80', '/x/%'].map(pathDecodes)).toEqual([false, false, false, false]);
  });

  it('pass a decodable path on, and refuse another with a problem document that does not quote it', () => {
    expect(answer('/api/v1/policies/people')).toEqual({ passed: true });
    const refused = answer('/api/v1/policies/%FFsecret');
    expect({ ...refused, body: JSON.parse(refused.body ?? '{}') }).toEqual(refusal('path_not_utf8', 'The request path has a percent-escape that is not UTF-8'));
    expect(refused.body).not.toContain('secret');
  });

  it('find an encoded NUL in the path or the query, and nothing else', () => {
    expect(['/api/v1/runs/%00', '/x?sourceId=a%00b', '/x/a%2500', '/x?q=%25%30%30', '/x/%0A', '/plain'].map(urlHoldsNul)).toEqual([true, true, false, false, false, false]);
  });

  it('refuse a NUL in a path segment or a query value with a problem document that does not quote the request', () => {
    expect(answer('/api/v1/pii/classifications/people/contact.email')).toEqual({ passed: true });
    for (const [path, query] of [['/api/v1/pii/classifications/people/%00', ''], ['/api/v1/quality/quarantine', '?checkId=secret%00']]) {
      const refused = answer(path, query);
      expect({ ...refused, body: JSON.parse(refused.body ?? '{}') }).toEqual(
        refusal('url_holds_nul', 'The request path or query holds NUL (%00), which no Atlas id, name or field path can contain'),
      );
      expect(refused.body).not.toContain('secret');
    }
  });
});
