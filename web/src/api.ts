// The console's one way to the API: same origin, the signed-in token as a bearer, JSON in and out.
// A refusal is an ApiProblem carrying the RFC 9457 problem the API answered (code, title, detail),
// so every screen shows the API's own words. Types come from the API's schemas (types only: no zod
// in the bundle).
import type * as z from 'zod';
import type * as s from '../../functions/api/schemas.ts';

export type Me = z.infer<typeof s.MeResponse>;
export type UserRow = z.infer<typeof s.UserResponse>;
export type RemovalPreview = z.infer<typeof s.RemovalPreviewResponse>;
export type RemovalAccepted = z.infer<typeof s.RemovalAcceptedResponse>;
export type Removal = z.infer<typeof s.RemovalResponse>;
export type RemovalSummary = z.infer<typeof s.RemovalSummaryResponse>;
export type AuditPage = z.infer<typeof s.AuditLogResponse>;
export type Seats = z.infer<typeof s.SeatsResponse>;
export type RemovalBody = z.input<typeof s.RemovalBody>;
export type DecisionBody = z.input<typeof s.DecisionBody>;

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  [extra: string]: unknown;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.title}: ${problem.detail}`);
  }
  get code() {
    return this.problem.code;
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

/** The API as `token` sees it; `onUnauthenticated` hears of a 401 (the token expired or was revoked). */
export function apiFor(token: string, onUnauthenticated: (problem: Problem) => void): Api {
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const problem: Problem = json?.code
        ? json
        : { status: response.status, code: 'HTTP_ERROR', title: response.statusText, detail: text };
      if (response.status === 401) onUnauthenticated(problem);
      throw new ApiProblem(problem);
    }
    return json as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body, headers),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
  };
}
