import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { ApiClient, SessionStore, StoredSession } from './api-client';
import type { CallerProfile, Permission } from './types';

const STORAGE_KEY = 'atlas.session';

/** sessionStorage: the tokens last as long as the tab and are never shared with other tabs. */
const browserSessionStore: SessionStore = {
  load: () => {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as StoredSession) : null;
  },
  save: (session) => (session ? sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session)) : sessionStorage.removeItem(STORAGE_KEY)),
};

interface SessionValue {
  client: ApiClient;
  session: StoredSession | null;
  profile: CallerProfile | undefined;
  /** Whether the signed-in user's role grants a permission (the API enforces it anyway). */
  can(permission: Permission): boolean;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<StoredSession | null>(() => browserSessionStore.load());
  const client = useMemo(
    () =>
      new ApiClient((input, init) => fetch(input, init), browserSessionStore, () => {
        setSession(null);
        queryClient.clear();
      }),
    [queryClient],
  );
  const profile = useQuery({ queryKey: ['me', session?.email], queryFn: () => client.get<CallerProfile>('/api/v1/auth/me'), enabled: session !== null, staleTime: 60_000 });
  const login = useCallback(
    async (email: string, password: string) => {
      queryClient.clear();
      setSession(await client.login(email, password));
    },
    [client, queryClient],
  );
  const logout = useCallback(async () => {
    await client.logout();
    setSession(null);
    queryClient.clear();
  }, [client, queryClient]);
  const value = useMemo<SessionValue>(() => {
    const permissions = new Set(profile.data?.permissions ?? []);
    return { client, session, profile: profile.data, can: (permission) => permissions.has(permission), login, logout };
  }, [client, session, profile.data, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function newQueryClient(): QueryClient {
  // A refused call (403/404) is an answer, not a hiccup: retry only what may pass on a second try.
  return new QueryClient({ defaultOptions: { queries: { retry: (failures, error) => failures < 2 && !(error instanceof Error && 'status' in error && Number(error.status) < 500) } } });
}
