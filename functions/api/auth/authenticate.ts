// Who is calling: a sign-in JWT (verified by the configured verifier) or an integration API
// token (looked up by its hash). Shared by the AWS Lambda authorizer and, through it, the local
// server — one code path for both.
import { UnauthenticatedError } from '#core/errors.ts';
import type { Identity } from '#core/access/caller-access.ts';
import type { TokenStore } from '#core/ports.ts';
import { API_TOKEN_PREFIX } from '#core/tokens/api-token.ts';
import { isScimTokenSecret, type ScimToken } from '#core/tokens/scim-token.ts';
import type { JwtVerifier } from '#adapters/auth/jwt-verifiers.ts';

export interface AuthenticateDeps {
  jwt: JwtVerifier;
  tokens: Pick<TokenStore, 'findApiToken' | 'findScimToken'>;
}

/** An identity provider's SCIM token: it acts for its account on /scim/v2, never as a user. */
export interface ScimIdentity {
  kind: 'scim-token';
  token: ScimToken;
}

export async function authenticate(
  authorization: string | undefined,
  { jwt, tokens }: AuthenticateDeps,
): Promise<Identity | ScimIdentity> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthenticatedError('Send Authorization: Bearer <token>');
  const token = match[1];
  if (isScimTokenSecret(token)) {
    const record = await tokens.findScimToken(token);
    if (!record) throw new UnauthenticatedError('Unknown SCIM token');
    return { kind: 'scim-token', token: record };
  }
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const record = await tokens.findApiToken(token);
    if (!record) throw new UnauthenticatedError('Unknown API token');
    return {
      kind: 'api-token',
      userId: record.userId,
      accountId: record.accountId,
      tokenId: record.tokenId,
      tokenStatus: record.status,
      tokenGeneration: record.generation ?? 0,
    };
  }
  const { sub } = await jwt.verify(token);
  return { kind: 'jwt', userId: sub };
}
