// The dashboard API over real HTTP: the local runtime's API server (same authorizer and handler
// modules as in AWS) against the shared DynamoDB Local.
import { afterAll, beforeAll } from 'vitest';
import { SignJWT } from 'jose';
import type { LocalRuntime, LocalRuntimeOptions } from '#local/runtime.ts';
import { startTestRuntime } from './workflow.ts';
import { signLocalJwt, localJwtSecret } from '#local/jwt.ts';

type ApiRuntimeOptions = Pick<LocalRuntimeOptions, 'longWaitScale' | 'identityProvider' | 'gatewayLimits'>;

export function startApiRuntime(options: ApiRuntimeOptions = {}): Promise<LocalRuntime> {
  return startTestRuntime({ apiPort: 0, ...options });
}

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** A userId to sign a local JWT for, or a raw Authorization header value (`raw:`), or none. */
  as?: string;
  authorization?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export const bearer = async (userId: string) => `Bearer ${await signLocalJwt(userId)}`;

/** A JWT signed like a local one but expired, or with another secret. */
export const badJwt = async (userId: string, kind: 'expired' | 'wrong-secret') =>
  `Bearer ${await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer('offboard-local')
    .setAudience('offboard')
    .setIssuedAt(kind === 'expired' ? Math.floor(Date.now() / 1000) - 7200 : undefined)
    .setExpirationTime(kind === 'expired' ? Math.floor(Date.now() / 1000) - 3600 : '1h')
    .sign(
      new TextEncoder().encode(kind === 'wrong-secret' ? 'some-other-secret-of-enough-length' : localJwtSecret()),
    )}`;

export function apiClient(runtime: LocalRuntime) {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const authorization =
      options.authorization !== undefined ? options.authorization : options.as ? await bearer(options.as) : null;
    const response = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(options.body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, headers: response.headers };
  };
}

/** Polls a removal until it ends. */
export async function waitForRemoval(call: ReturnType<typeof apiClient>, statusUrl: string, as: string) {
  for (let i = 0; i < 400; i++) {
    const { body } = await call('GET', statusUrl, { as });
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(body?.status)) return body;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`removal at ${statusUrl} did not end`);
}

/** Starts the API runtime for a test file (beforeAll/afterAll) and hands out its client. */
export function useApiRuntime(options: ApiRuntimeOptions = {}) {
  const context = {} as { runtime: LocalRuntime; call: ReturnType<typeof apiClient> };
  beforeAll(async () => {
    context.runtime = await startApiRuntime(options);
    context.call = apiClient(context.runtime);
  });
  afterAll(() => context.runtime?.stop());
  return context;
}
