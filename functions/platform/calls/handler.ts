// The call-records Lambda (POST /platform/v1/calls): a telephony platform outside AWS sends its
// finished calls over HTTPS with the account's platform token, which the authorizer admitted for
// this route only. The account is the token's (R14); each call is recorded once (R10), with the
// user's name at the time (R7). Refusals are RFC 9457 problems; a refused request records nothing.
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callsOfBody, recordCalls } from '#core/calls/record-calls.ts';
import { logger } from '#adapters/logger.ts';
import { problemResponses } from '../../api/problems.ts';
import { admittedRequest, type AccountTokenEvent } from '../../shared/account-token-door.ts';
import { composition } from '../../shared/composition.ts';
import { observability } from '../../shared/observability.ts';

export async function serveCalls(event: AccountTokenEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const { accountId, body } = admittedRequest(event, 'PLATFORM');
  const results = await recordCalls(composition().removalDeps(), accountId, callsOfBody(body, accountId));
  logger.info('Call records received', { accountId, outcomes: results.map((r) => r.outcome) });
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId, results }),
  };
}

export const handler = middy<AccountTokenEvent, APIGatewayProxyStructuredResultV2, Error, Context>(serveCalls)
  .use(httpHeaderNormalizer())
  .use(observability())
  .use(httpSecurityHeaders())
  .use(problemResponses());
