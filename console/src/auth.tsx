// Who is signed in. In production the user signs in with username and password (POST /api/session, which
// answers a session token); in development they pick a seeded development user (token dev-<role>-<region>),
// verified by GET /api/me before it is kept. Either token is kept only for the browser tab (sessionStorage),
// and signing out ends the session on the server too (DELETE /api/session).
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch, getToken, post, setToken } from './api/client';
import type { Me } from './api/types';

export type SignInMode = 'development' | 'production';

interface Auth {
  token: string | null;
  me: Me | undefined;
  loading: boolean;
  /** Development: sign in with a development user's token. */
  signIn: (token: string) => Promise<Me>;
  /** Production: sign in with username and password. */
  signInWithPassword: (username: string, password: string) => Promise<Me>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

/** Which sign-in the server wants shown (GET /api/session/config, open to anyone). */
export function useSignInMode() {
  return useQuery({
    queryKey: ['session-config'],
    queryFn: () => api<{ mode: SignInMode }>('/api/session/config', { token: '' }),
    staleTime: Infinity,
    retry: 1,
  });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(getToken());
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['me', token],
    queryFn: () => api<Me>('/api/me'),
    enabled: token !== null,
    staleTime: Infinity,
    retry: false,
  });
  const keep = (t: string, who: Me) => {
    setToken(t);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session-config' });
    client.setQueryData(['me', t], who);
    setTokenState(t);
    return who;
  };
  const value: Auth = {
    token,
    me: me.data,
    loading: token !== null && me.isPending,
    signIn: async (t) => keep(t, await api<Me>('/api/me', { token: t })),
    signInWithPassword: async (username, password) => {
      const session = await post<{ token: string; expiresAt: string }>('/api/session', {
        username,
        password,
      });
      return keep(session.token, await api<Me>('/api/me', { token: session.token }));
    },
    signOut: () => {
      const t = getToken();
      // Ended on the server first-hand; the tab forgets the token whatever the answer (already expired…).
      if (t) void apiFetch('/api/session', { method: 'DELETE', token: t }).catch(() => undefined);
      setToken(null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session-config' });
      setTokenState(null);
    },
  };
  if (me.isError && token !== null) {
    // A token the API no longer accepts (session expired or revoked, user disabled): back to sign-in.
    setToken(null);
    setTokenState(null);
  }
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}
