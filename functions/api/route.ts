// A route of the dashboard API: method, path, schemas and the function that serves it. The route
// table (routes/index.ts) built from these is the single source for the Lambda router, the CDK
// routes, the local server and the OpenAPI document.
import type * as z from 'zod';
import type { AdminDeps } from '#core/admin-deps.ts';
import type { IdentityDirectory } from '#core/ports.ts';
import type { ProblemCode } from '#core/errors.ts';
import type { User } from '#core/model/index.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The calling user, loaded from the table on this very call (R1, R6). */
  caller: User;
  deps: AdminDeps;
  /** The user pool's identities, made on first use (one route needs them); undefined without one. */
  identities: () => IdentityDirectory | undefined;
  headers: Record<string, string | undefined>;
  correlationId: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as it is instead of `body` as JSON (a CSV export), with its own content-type header. */
  text?: string;
}

export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** API Gateway path syntax, e.g. /v1/accounts/{accountId}/users. */
  path: string;
  operationId: string;
  summary: string;
  params: P;
  query: Q;
  body?: B;
  /** The success response. */
  success: { status: number; description: string; schema: z.ZodType };
  /** Problem codes this route may answer beyond authentication and validation. */
  problems: ProblemCode[];
  handle(ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<RouteResult>;
}

export const defineRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(
  route: Route<P, Q, B>,
): Route => route as unknown as Route;

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): RouteResult => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});
