// The HTTP API's Lambda REQUEST authorizer (simple responses, no result cache): authenticates the
// bearer, checks the caller's current status (R6) and passes its verdict to the API handler.
import { observability } from '../shared/observability.ts';
import middy from '@middy/core';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { logger } from '#adapters/logger.ts';
import { COGNITO_CONFIG_NEEDS, composition } from '../shared/composition.ts';
import { authorizeRequest } from '../api/auth/authorize-request.ts';
import type { Verdict } from '../api/auth/verdict.ts';
import { doorOf } from '../shared/doors.ts';

/** What this function needs set, beyond what every function has (adapters/config.ts). */
export const CONFIG_NEEDS = COGNITO_CONFIG_NEEDS;

export interface AuthorizerResponse {
  isAuthorized: true;
  context: Verdict;
}

export async function authorizeEvent(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResponse> {
  const app = composition();
  const authorization = event.headers?.authorization ?? event.headers?.Authorization;
  const verdict = await authorizeRequest(
    { authorization, accountId: event.pathParameters?.accountId, door: doorOf(event.routeKey) },
    { jwt: app.jwtVerifier(), ...app.removalDeps() },
  );
  if (verdict.verdict === 'deny') logger.info('request denied', { code: verdict.code, routeKey: event.routeKey });
  return { isAuthorized: true, context: verdict };
}

export const handler = middy(authorizeEvent).use(observability());
