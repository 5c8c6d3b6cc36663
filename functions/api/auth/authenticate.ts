// Who is calling: a sign-in JWT (verified by the configured verifier) or an integration token
// (API, SCIM or HR; looked up by its hash). Shared by the AWS Lambda authorizer and, through it,
// the local server — one code path for both.
import { UnauthenticatedError } from '#core/errors.ts';
import type { Identity } from '#core/access/caller-access.ts';
import type { TokenStore } from '#core/ports.ts';
import { kindOfSecret, type IntegrationToken } from '#core/tokens/integration-token.ts';
import type { JwtVerifier } from '#adapters/auth/jwt-verifiers.ts';

export interface AuthenticateDeps {
  jwt: JwtVerifier;
  tokens: Pick<TokenStore, 'findToken'>;
}

/** A SCIM or HR token: it acts for its account on its own door (/scim/v2, the HR webhook), never as a user. */
export interface AccountTokenIdentity {
  kind: 'account-token';
  token: IntegrationToken;
}

export async function authenticate(
  authorization: string | undefined,
  { jwt, tokens }: AuthenticateDeps,
): Promise<Identity | AccountTokenIdentity> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthenticatedError('Send Authorization: Bearer <token>');
  const bearer = match[1];
  const kind = kindOfSecret(bearer);
  if (kind) {
    const token = await tokens.findToken(bearer);
    // The prefix must agree with what was stored: a secret of one kind never passes for another.
    if (!token || token.kind !== kind) throw new UnauthenticatedError(`Unknown ${kind} token`);
    return kind === 'API' ? { kind: 'api-token', userId: token.createdBy, token } : { kind: 'account-token', token };
  }
  const { sub } = await jwt.verify(bearer);
  return { kind: 'jwt', userId: sub };
}
