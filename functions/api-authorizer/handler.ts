// The HTTP API's Lambda REQUEST authorizer (simple responses, no result cache): authenticates the
// bearer, checks the caller's current status (R6) and passes its verdict to the API handler.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { logger } from '../shared/logger.ts';
import { adminDeps, jwtVerifier } from '../api/api-deps.ts';
import { authorizeRequest } from '../api/auth/authorize-request.ts';
import type { Verdict } from '../api/auth/verdict.ts';

export interface AuthorizerResponse {
  isAuthorized: true;
  context: Verdict;
}

export async function authorizeEvent(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResponse> {
  const { accounts, store } = adminDeps();
  const authorization = event.headers?.authorization ?? event.headers?.Authorization;
  const verdict = await authorizeRequest(
    { authorization, accountId: event.pathParameters?.accountId },
    { jwt: jwtVerifier(), accounts, store },
  );
  if (verdict.verdict === 'deny') logger.info('request denied', { code: verdict.code, routeKey: event.routeKey });
  return { isAuthorized: true, context: verdict };
}

export const handler = middy(authorizeEvent).use(injectLambdaContext(logger, { resetKeys: true }));
