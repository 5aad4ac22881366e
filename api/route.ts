// Every endpoint is declared through defineRoute with who may call it; the app refuses to start if one is
// not (STYLE.md: an endpoint with no declared permission is refused at start-up). The same declarations
// produce the OpenAPI document.
import type { Request, Response } from 'express';
import type { Role } from '../domain/reference';
import type { Caller } from '../domain/access';

export type Access = 'public' | 'authenticated' | readonly Role[];

export interface RouteContext<B = unknown, Q = unknown> {
  req: Request;
  res: Response;
  caller: Caller;
  body: B;
  query: Q;
  params: Record<string, string>;
  idempotencyKey: string | null;
}

export interface RouteDef<B = unknown, Q = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: object;
  query?: object;
  /** Success status; 200 by default. */
  status?: number;
  /** OpenAPI description of the success body, by schema name in components. */
  responseSchema?: string;
  produces?: string[];
  handle: (c: RouteContext<B, Q>) => Promise<unknown>;
}

export const defineRoute = <B = unknown, Q = unknown>(def: RouteDef<B, Q>): RouteDef => def as RouteDef;

export const pageQuery = {
  page: { type: 'integer', minimum: 1, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
} as const;
