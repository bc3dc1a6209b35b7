import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Customer {
  id: number;
  name: string;
  updated_at: string;
}

/** A misbehaviour the server plays once, on the first request for one page of one route. */
export type Fault = 'status-500' | 'status-429' | 'status-503-date' | 'bad-json' | 'truncated' | 'slow';

export interface ApiCredentials {
  bearer: string;
  basic: { username: string; password: string };
  apiKey: string;
}

/**
 * A local JSON API (node:http) serving the same customers with each pagination style, each behind
 * its own authentication, misbehaving on purpose: faults planned per (route, page) are played on
 * the first request of that page only, so a client that retries gets the page whole the next time.
 * `updated_since` filters strictly after a date (the incremental parameter).
 */
export class MisbehavingHttpApi {
  readonly customers: Customer[] = [];
  readonly requests: string[] = [];
  private readonly faults = new Map<string, Fault>();
  private readonly played = new Set<string>();
  private server?: Server;
  /** Added to every response (ms): a slow API. */
  delayMs = 0;

  constructor(
    count: number,
    private readonly credentials: ApiCredentials,
  ) {
    for (let index = 1; index <= count; index++) this.add(`customer ${index}`);
  }

  add(name: string): Customer {
    const customer = { id: this.customers.length + 1, name, updated_at: new Date(Date.UTC(2026, 0, 1, 0, 0, this.customers.length + 1)).toISOString() };
    this.customers.push(customer);
    return customer;
  }

  /** Plays `fault` on the first request of `page` (page number, offset, cursor, or link page) of `route`. */
  plan(route: string, page: string, fault: Fault): void {
    this.faults.set(`${route}#${page}`, fault);
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.requests.push(`${url.pathname}${url.search}`);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const since = url.searchParams.get('updated_since');
    const rows = since ? this.customers.filter((customer) => customer.updated_at > since) : this.customers;
    const route = url.pathname;
    if (!this.authorised(route, request, url)) return this.send(response, 401, { error: 'unauthorised' });
    let page: string;
    let body: unknown;
    const headers: Record<string, string> = {};
    if (route === '/page-number' || route === '/broken') {
      const number = Number(url.searchParams.get('page') ?? '1');
      const size = Number(url.searchParams.get('per_page') ?? '50');
      page = String(number);
      body = { data: rows.slice((number - 1) * size, number * size) };
    } else if (route === '/offset') {
      const offset = Number(url.searchParams.get('offset') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '50');
      page = String(offset);
      body = { results: { rows: rows.slice(offset, offset + limit) } };
    } else if (route === '/cursor') {
      const after = Number(url.searchParams.get('after') ?? '0');
      const slice = rows.filter((customer) => customer.id > after).slice(0, 40);
      page = String(after);
      const last = slice[slice.length - 1];
      body = { items: slice, meta: { next: slice.length === 40 ? String(last.id) : null } };
    } else if (route === '/link') {
      const number = Number(url.searchParams.get('page') ?? '1');
      page = String(number);
      body = rows.slice((number - 1) * 60, number * 60);
      // The API key is echoed in the links, as some APIs do.
      if (number * 60 < rows.length) headers.link = `<${url.pathname}?page=${number + 1}&api_key=${url.searchParams.get('api_key')}>; rel="next"`;
    } else if (route === '/down') {
      return this.send(response, 500, { error: 'down' });
    } else {
      return this.send(response, 404, { error: 'no route' });
    }
    // The second page of /broken is never valid JSON.
    if (route === '/broken' && page === '2') {
      this.faults.set('/broken#2', 'bad-json');
      this.played.delete('/broken#2');
    }
    const key = `${route}#${page}`;
    const fault = this.played.has(key) ? undefined : this.faults.get(key);
    this.played.add(key);
    switch (fault) {
      case 'status-500':
        return this.send(response, 500, { error: 'internal' });
      case 'status-429':
        return this.send(response, 429, { error: 'slow down' }, { 'retry-after': '1' });
      case 'status-503-date':
        return this.send(response, 503, { error: 'maintenance' }, { 'retry-after': new Date(Date.now() + 1000).toUTCString() });
      case 'bad-json': {
        const text = JSON.stringify(body);
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(text.slice(0, Math.floor(text.length / 2)));
      }
      case 'truncated': {
        const text = JSON.stringify(body);
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        response.write(text.slice(0, Math.floor(text.length / 2)));
        return void setTimeout(() => response.socket?.destroy(), 20);
      }
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, 2500));
        break;
    }
    this.send(response, 200, body, headers);
  }

  private authorised(route: string, request: IncomingMessage, url: URL): boolean {
    const { bearer, basic, apiKey } = this.credentials;
    switch (route) {
      case '/page-number':
        return request.headers.authorization === `Bearer ${bearer}`;
      case '/offset':
        return request.headers.authorization === `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
      case '/cursor':
        return request.headers['x-api-key'] === apiKey;
      case '/link':
        return url.searchParams.get('api_key') === apiKey;
      default:
        return true;
    }
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }
}
