// The one mapping from errors to RFC 9457 problems (application/problem+json). Named domain
// errors carry their status and code; anything unexpected is a 500 that reveals nothing.
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '#adapters/logger.ts';
import { ProblemError, TransientStoreError } from '#core/errors.ts';

export const PROBLEM_TYPE_BASE = 'https://offboard.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extra: string]: unknown;
}

export function toProblem(error: unknown, instance?: string): Problem {
  const at = instance ? { instance } : {};
  if (error instanceof ProblemError) {
    return {
      type: `${PROBLEM_TYPE_BASE}${error.code.toLowerCase().replace(/_/g, '-')}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...at,
      ...error.extra,
    };
  }
  if (error instanceof TransientStoreError) {
    return {
      type: `${PROBLEM_TYPE_BASE}temporarily-unavailable`,
      title: 'Temporarily unavailable',
      status: 503,
      detail: 'A concurrent change got in the way; retry the request',
      code: 'TEMPORARILY_UNAVAILABLE',
      ...at,
    };
  }
  return {
    type: `${PROBLEM_TYPE_BASE}internal-error`,
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; it has been logged',
    code: 'INTERNAL_ERROR',
    ...at,
  };
}

export const problemResult = (problem: Problem): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: {
    'content-type': 'application/problem+json',
    ...(problem.status === 503 ? { 'retry-after': '1' } : {}),
  },
  body: JSON.stringify(problem),
});

/** The middleware that answers every error of an HTTP handler as its problem (dashboard API, HR webhook). */
export const problemResponses = <E extends { rawPath?: string }>(): middy.MiddlewareObj<
  E,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
> => ({
  onError: (request) => {
    const problem = toProblem(request.error, request.event.rawPath);
    if (problem.status >= 500) logger.error('request failed', { error: request.error, problem });
    else logger.info('request refused', { code: problem.code, status: problem.status });
    request.response = problemResult(problem);
  },
});
