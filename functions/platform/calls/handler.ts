// The call-records Lambda (POST /platform/v1/calls): a telephony platform outside AWS sends its
// finished calls over HTTPS with the account's platform token, which the authorizer admitted for
// this route only. The account is the token's (R14); each call is recorded once (R10), with the
// user's name at the time (R7). Refusals are RFC 9457 problems; a refused request records nothing.
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { UnauthenticatedError, ValidationFailedError } from '#core/errors.ts';
import { callsOfBody, recordCalls } from '#core/calls/record-calls.ts';
import { logger } from '#adapters/logger.ts';
import type { Verdict } from '../../api/auth/verdict.ts';
import { denialError } from '../../api/auth/verdict.ts';
import { problemResponses } from '../../api/problems.ts';
import { composition } from '../../shared/composition.ts';
import { jsonBodyOf, PROBLEM_BODY_REFUSALS } from '../../shared/json-body.ts';
import { observability } from '../../shared/observability.ts';

type CallsEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Verdict>;

const MAX_BODY_BYTES = 256 * 1024;

export async function serveCalls(event: CallsEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const verdict = event.requestContext.authorizer?.lambda;
  if (verdict?.verdict === 'deny') throw denialError(verdict);
  if (verdict?.verdict !== 'account-token' || verdict.kind !== 'PLATFORM')
    throw new UnauthenticatedError('Send Authorization: Bearer <platform token>');
  if (event.body && Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') > MAX_BODY_BYTES)
    throw new ValidationFailedError('The request body is over 256 KB', [{ path: 'body', message: 'over 256 KB' }]);
  const calls = callsOfBody(jsonBodyOf(event, PROBLEM_BODY_REFUSALS), verdict.accountId);
  const results = await recordCalls(composition().removalDeps(), verdict.accountId, calls);
  logger.info('Call records received', { accountId: verdict.accountId, outcomes: results.map((r) => r.outcome) });
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: verdict.accountId, results }),
  };
}

export const handler = middy<CallsEvent, APIGatewayProxyStructuredResultV2, Error, Context>(serveCalls)
  .use(httpHeaderNormalizer())
  .use(observability())
  .use(httpSecurityHeaders())
  .use(problemResponses());
