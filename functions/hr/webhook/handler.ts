// The HR webhook Lambda (POST /hr/v1/events): an HR system's events over HTTPS, with an account's
// HR token, which the authorizer admitted for this route only. The account is the token's; the
// events go through the same handling as the bus's (core/hr/hr-webhook.ts). Refusals are RFC 9457
// problems with the codes of docs/api.md, and a refused request changes nothing.
import { observability } from '../../shared/observability.ts';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { receiveHrEvents } from '#core/hr/hr-webhook.ts';
import { logger } from '#adapters/logger.ts';
import { problemResponses } from '../../api/problems.ts';
import { ADMIN_CONFIG_NEEDS, composition } from '../../shared/composition.ts';
import { admittedRequest, type AccountTokenEvent } from '../../shared/account-token-door.ts';

/** What this function needs set, beyond what every function has (adapters/config.ts). */
export const CONFIG_NEEDS = ADMIN_CONFIG_NEEDS;

export async function serveHrWebhook(event: AccountTokenEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const { accountId, tokenId, createdBy, body } = admittedRequest(event, 'HR');
  const app = composition();
  const results = await receiveHrEvents(
    { ...app.adminDeps(), hr: app.hrStore(), sender: { id: tokenId, createdBy } },
    accountId,
    body,
  );
  logger.info('HR webhook handled', { accountId, outcomes: results.map((r) => r.outcome) });
  return {
    statusCode: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId, results }),
  };
}

export const handler = middy<AccountTokenEvent, APIGatewayProxyStructuredResultV2, Error, Context>(serveHrWebhook)
  .use(httpHeaderNormalizer())
  .use(observability())
  .use(httpSecurityHeaders())
  .use(problemResponses());
