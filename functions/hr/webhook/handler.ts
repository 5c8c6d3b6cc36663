// The HR webhook Lambda (POST /hr/v1/events): an HR system's events over HTTPS, with an account's
// HR token, which the authorizer admitted for this route only. The account is the token's; the
// events go through the same handling as the bus's (core/hr/hr-webhook.ts). Refusals are RFC 9457
// problems with the codes of docs/api.md, and a refused request changes nothing.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { UnauthenticatedError, ValidationFailedError } from '#core/errors.ts';
import { receiveHrEvents } from '#core/hr/hr-webhook.ts';
import { logger } from '#adapters/logger.ts';
import type { Verdict } from '../../api/auth/verdict.ts';
import { denialError } from '../../api/auth/verdict.ts';
import { problemResponses } from '../../api/problems.ts';
import { ADMIN_CONFIG_NEEDS, composition } from '../../shared/composition.ts';
import { jsonBodyOf, PROBLEM_BODY_REFUSALS } from '../../shared/json-body.ts';

/** What this function needs set, beyond what every function has (adapters/config.ts). */
export const CONFIG_NEEDS = ADMIN_CONFIG_NEEDS;

type HrWebhookEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Verdict>;

const MAX_BODY_BYTES = 256 * 1024;

export async function serveHrWebhook(event: HrWebhookEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const verdict = event.requestContext.authorizer?.lambda;
  if (verdict?.verdict === 'deny') throw denialError(verdict);
  if (verdict?.verdict !== 'account-token' || verdict.kind !== 'HR')
    throw new UnauthenticatedError('Send Authorization: Bearer <HR token>');
  if (event.body && Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') > MAX_BODY_BYTES)
    throw new ValidationFailedError('The request body is over 256 KB', [{ path: 'body', message: 'over 256 KB' }]);
  const body = jsonBodyOf(event, PROBLEM_BODY_REFUSALS);
  const app = composition();
  const results = await receiveHrEvents(
    { ...app.adminDeps(), hr: app.hrStore(), sender: { id: verdict.tokenId, createdBy: verdict.createdBy } },
    verdict.accountId,
    body,
  );
  logger.info('HR webhook handled', { accountId: verdict.accountId, outcomes: results.map((r) => r.outcome) });
  return {
    statusCode: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: verdict.accountId, results }),
  };
}

export const handler = middy<HrWebhookEvent, APIGatewayProxyStructuredResultV2, Error, Context>(serveHrWebhook)
  .use(httpHeaderNormalizer())
  .use(observability())
  .use(httpSecurityHeaders())
  .use(problemResponses());
