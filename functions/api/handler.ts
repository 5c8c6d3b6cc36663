// The dashboard API Lambda: one function behind every route of the HTTP API (the routes are
// declared one by one from the route table in CDK). The middy stack: header normalisation,
// correlation id and structured logs, CORS for the dashboard origin, security headers, and the
// one error → problem mapping.
import { observability } from '../shared/observability.ts';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import httpCors from '@middy/http-cors';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { config } from '#adapters/config.ts';
import { ID_PATTERN } from '#core/model/index.ts';
import { logger } from '#adapters/logger.ts';
import { problemResponses } from './problems.ts';
import { routeRequest, type ApiEvent } from './router.ts';
import { ADMIN_CONFIG_NEEDS, COGNITO_CONFIG_NEEDS } from '../shared/composition.ts';

/** What this function needs set, beyond what every function has (adapters/config.ts). */
export const CONFIG_NEEDS = [...ADMIN_CONFIG_NEEDS, ...COGNITO_CONFIG_NEEDS];

type Request = middy.Request<ApiEvent, APIGatewayProxyStructuredResultV2, Error, Context>;

/** A caller's correlation id is kept when it has the id form, up to 128 characters. */
const isCorrelationId = (value: string) => value.length <= 128 && ID_PATTERN.test(value);

/** Every request carries a correlation id (the caller's, or API Gateway's request id) into logs and the workflow. */
const correlationId = (): middy.MiddlewareObj<ApiEvent, APIGatewayProxyStructuredResultV2, Error, Context> => {
  const echo = (request: Request) => {
    const id = request.event.headers?.['x-correlation-id'];
    if (request.response && id) request.response.headers = { ...request.response.headers, 'x-correlation-id': id };
  };
  return {
    before: (request) => {
      request.event.headers ??= {};
      // A caller's id is kept only in the id form (it travels into the workflow and the logs).
      const offered = request.event.headers['x-correlation-id'];
      const id =
        (offered && isCorrelationId(offered) ? offered : undefined) ??
        request.event.requestContext?.requestId ??
        randomUUID();
      request.event.headers['x-correlation-id'] = id;
      logger.appendKeys({ correlationId: id, routeKey: request.event.routeKey });
    },
    after: echo,
    onError: echo,
  };
};

export const handler = middy<ApiEvent, APIGatewayProxyStructuredResultV2, Error, Context>(routeRequest)
  .use(httpHeaderNormalizer())
  .use(correlationId())
  .use(observability())
  .use(httpSecurityHeaders())
  .use(
    httpCors({
      origins: [config().DASHBOARD_ORIGIN],
      headers: 'authorization,content-type,idempotency-key,x-correlation-id',
      exposeHeaders: 'location,x-correlation-id',
      methods: 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
    }),
  )
  .use(problemResponses());
