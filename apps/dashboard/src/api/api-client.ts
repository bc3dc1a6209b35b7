/** The tokens of a signed-in user: a short-lived access token and the single-use refresh token. */
export interface StoredSession {
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** Where the session lives between page loads (sessionStorage in the browser: one tab, gone when it closes). */
export interface SessionStore {
  load(): StoredSession | null;
  save(session: StoredSession | null): void;
}

/** A problem of a refused document (a contract, a policy), at its JSON pointer. */
export interface DocumentProblem {
  path: string;
  message: string;
}

/** An error answer of the gateway: its HTTP status, the problem's stable code and, for a refused document, its problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: DocumentProblem[] = [],
  ) {
    super(message);
  }
}

function documentProblems(value: unknown): DocumentProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: { path?: unknown; message?: unknown }) => (typeof item?.path === 'string' && typeof item.message === 'string' ? [{ path: item.path, message: item.message }] : []));
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

interface TokensResponse {
  accessToken: string;
  refreshToken: string;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: { code?: unknown; message?: unknown; detail?: unknown; problems?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const message = typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
  return new ApiError(response.status, typeof body.code === 'string' ? body.code : `http_${response.status}`, message, documentProblems(body.problems));
}

/**
 * Calls the gateway's public API with the user's access token. When the token has expired (401),
 * the refresh token is exchanged once for new tokens and the call repeated; concurrent calls share
 * that one exchange, because a refresh token is single-use and presenting it twice revokes the login.
 * A failed exchange ends the session (`onSignedOut`).
 */
export class ApiClient {
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly fetchFunction: Fetch,
    private readonly store: SessionStore,
    private readonly onSignedOut: () => void = () => undefined,
  ) {}

  get session(): StoredSession | null {
    return this.store.load();
  }

  async login(email: string, password: string): Promise<StoredSession> {
    const response = await this.fetchFunction('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (!response.ok) throw await errorOf(response);
    const tokens = (await response.json()) as TokensResponse;
    const session = { email, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
    this.store.save(session);
    return session;
  }

  /** Revokes the login on the server (best effort) and forgets it here. */
  async logout(): Promise<void> {
    const session = this.store.load();
    this.store.save(null);
    if (session) {
      await this.fetchFunction('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) }).catch(() => undefined);
    }
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'GET' });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }

  async request<T>(path: string, init: RequestInit): Promise<T> {
    let response = await this.send(path, init);
    if (response.status === 401 && this.store.load()) {
      if (!(await this.refreshOnce())) throw await errorOf(response);
      response = await this.send(path, init);
    }
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private send(path: string, init: RequestInit): Promise<Response> {
    const session = this.store.load();
    const headers = new Headers(init.headers);
    if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
    return this.fetchFunction(path, { ...init, headers });
  }

  private refreshOnce(): Promise<boolean> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<boolean> {
    const session = this.store.load();
    if (!session) return false;
    const response = await this.fetchFunction('/api/v1/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) });
    if (!response.ok) {
      this.store.save(null);
      this.onSignedOut();
      return false;
    }
    const tokens = (await response.json()) as TokensResponse;
    this.store.save({ email: session.email, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    return true;
  }
}

export function memorySessionStore(initial: StoredSession | null = null): SessionStore {
  let session = initial;
  return { load: () => session, save: (next) => (session = next) };
}
