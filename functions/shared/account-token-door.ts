// What the doors for systems that act for an account (the HR webhook, the platform's call records)
// share: the authorizer's verdict must be an account token of the door's kind (it admitted no
// other), the body at most 256 KB and JSON without prototype keys; the account is the token's.
import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { UnauthenticatedError, ValidationFailedError } from '#core/errors.ts';
import type { AccountTokenKind } from '#core/tokens/token-kinds.ts';
import { denialError, type Verdict } from '../api/auth/verdict.ts';
import { jsonBodyOf, PROBLEM_BODY_REFUSALS } from './json-body.ts';

export type AccountTokenEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Verdict>;

const MAX_BODY_BYTES = 256 * 1024;
const TOKEN_NAMES: Record<AccountTokenKind, string> = { SCIM: 'SCIM', HR: 'HR', PLATFORM: 'platform' };

export function admittedRequest(event: AccountTokenEvent, kind: AccountTokenKind) {
  const verdict = event.requestContext.authorizer?.lambda;
  if (verdict?.verdict === 'deny') throw denialError(verdict);
  if (verdict?.verdict !== 'account-token' || verdict.kind !== kind)
    throw new UnauthenticatedError(`Send Authorization: Bearer <${TOKEN_NAMES[kind]} token>`);
  if (event.body && Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') > MAX_BODY_BYTES)
    throw new ValidationFailedError('The request body is over 256 KB', [{ path: 'body', message: 'over 256 KB' }]);
  return {
    accountId: verdict.accountId,
    tokenId: verdict.tokenId,
    createdBy: verdict.createdBy,
    body: jsonBodyOf(event, PROBLEM_BODY_REFUSALS),
  };
}
