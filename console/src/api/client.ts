// One fetch wrapper: same-origin /api calls with the signed-in user's bearer token; any non-2xx answer
// becomes an ApiError carrying the problem+json body, so forms can place `errors` next to their fields.
import type { components } from './schema';

export type Problem = components['schemas']['Problem'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

const TOKEN_KEY = 'chufei.token';
export const getToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (t: string | null): void => {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
};

export async function apiFetch(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = init.token ?? getToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const res = await fetch(path, { ...init, headers });
  if (!res.ok) {
    let problem: Problem = {
      type: 'about:blank',
      title: res.statusText,
      status: res.status,
      code: 'INTERNAL',
      detail: `HTTP ${res.status}`,
    };
    if ((res.headers.get('content-type') ?? '').includes('json')) problem = (await res.json()) as Problem;
    throw new ApiError(res.status, problem);
  }
  return res;
}

export async function api<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const res = await apiFetch(path, init);
  return (await res.json()) as T;
}

export const post = <T>(path: string, body: unknown, init: RequestInit = {}) =>
  api<T>(path, { ...init, method: 'POST', body: JSON.stringify(body) });

/** Query string from defined, non-empty values only (the API refuses unknown or empty parameters). */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** A 404 that means "this endpoint is not deployed yet" rather than "this thing does not exist". */
export const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.status === 404;
