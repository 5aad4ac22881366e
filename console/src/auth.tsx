// Who is signed in. In development the user picks a seeded development user (token dev-<role>-<region>);
// the token is verified by GET /api/me before it is kept, and kept only for the browser tab (sessionStorage).
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, getToken, setToken } from './api/client';
import type { Me } from './api/types';

interface Auth {
  token: string | null;
  me: Me | undefined;
  loading: boolean;
  signIn: (token: string) => Promise<Me>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

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
  const value: Auth = {
    token,
    me: me.data,
    loading: token !== null && me.isPending,
    signIn: async (t) => {
      const who = await api<Me>('/api/me', { token: t });
      setToken(t);
      client.clear();
      client.setQueryData(['me', t], who);
      setTokenState(t);
      return who;
    },
    signOut: () => {
      setToken(null);
      client.clear();
      setTokenState(null);
    },
  };
  if (me.isError && token !== null) {
    // A token the API no longer accepts (user disabled, production mode): back to sign-in.
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
