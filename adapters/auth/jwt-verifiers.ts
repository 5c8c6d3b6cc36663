// Sign-in JWT verification: Cognito user-pool ID tokens, verified with aws-jwt-verify (JWKS fetched
// once and cached) — the deployed pool's, or locally the Cognito emulator's through the same
// verifier. The local runtime's HS256 tokens are verified by local/jwt-verifiers.ts, which no
// Lambda bundle contains.
import { CognitoJwtVerifier, JwtVerifier as IssuerJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';
import { FetchError, JwksNotAvailableInCacheError } from 'aws-jwt-verify/error';
import { UnauthenticatedError } from '#core/errors.ts';
import { IdSchema } from '#core/model/index.ts';
import { logger } from '../logger.ts';

export interface JwtVerifier {
  /** The verified subject (userId); UNAUTHENTICATED for a missing, malformed, expired or badly signed token. */
  verify(token: string): Promise<{ sub: string }>;
}

/** Clock skew tolerated on `exp`, `iat` and `nbf`. */
export const SKEW_SECONDS = 60;

/**
 * The claims every sign-in token must carry, whoever signed it: a `sub` that is a userId (a string
 * of the contract's id form — never an object or an array), an `exp`, and no `iat` or `nbf` in the
 * future. Anything else is UNAUTHENTICATED.
 */
export function subjectOf(
  payload: { sub?: unknown; exp?: unknown; iat?: unknown; nbf?: unknown },
  now = Date.now(),
): string {
  const { sub, exp, iat, nbf } = payload;
  if (typeof sub !== 'string' || !IdSchema.safeParse(sub).success)
    throw new UnauthenticatedError('The token has no valid subject');
  if (typeof exp !== 'number') throw new UnauthenticatedError('The token has no expiry');
  const latest = now / 1000 + SKEW_SECONDS;
  if (exp * 1000 + SKEW_SECONDS * 1000 < now) throw new UnauthenticatedError('The token has expired');
  for (const [claim, value] of [
    ['iat', iat],
    ['nbf', nbf],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || value > latest)
      throw new UnauthenticatedError(`The token's ${claim} is not valid`);
  }
  return sub;
}

/** aws-jwt-verify's JWKS fetcher speaks https only; the local identity provider serves http. */
const fetchJwks = {
  fetch: async (uri: string) => {
    const response = await fetch(uri);
    if (!response.ok) throw new Error(`GET ${uri}: ${response.status}`);
    return response.arrayBuffer();
  },
};

export class CognitoVerifier implements JwtVerifier {
  private readonly verifier: { verify(token: string): Promise<Record<string, unknown>> };
  /**
   * A user pool's ID tokens for the dashboard client. `issuer`: where a Cognito-compatible
   * emulator serves the pool (its keys at `${issuer}/.well-known/jwks.json`); unset in AWS.
   * `jwks`: the pool's keys, when already known (tests); otherwise fetched once and cached.
   */
  constructor(options: { userPoolId: string; clientId: string; issuer?: string; jwks?: Jwks }) {
    const { userPoolId, clientId, issuer, jwks } = options;
    if (issuer) {
      const jwksUri = `${issuer}/.well-known/jwks.json`;
      const verifier = IssuerJwtVerifier.create(
        {
          issuer,
          audience: clientId,
          jwksUri,
          customJwtCheck: ({ payload }) => {
            if (payload.token_use !== 'id') throw new Error('Not an ID token');
          },
        },
        { jwksCache: new SimpleJwksCache({ fetcher: fetchJwks }) },
      );
      if (jwks) verifier.cacheJwks(jwks);
      this.verifier = verifier;
    } else {
      const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'id' });
      if (jwks) verifier.cacheJwks(jwks);
      this.verifier = verifier;
    }
  }

  async verify(token: string) {
    try {
      const payload = await this.verifier.verify(token);
      // The identity's username is the offboard userId (a Cognito `sub` cannot be chosen, and a
      // re-invited email gets a new userId, so a new identity): it is the token's subject here.
      return { sub: subjectOf({ ...payload, sub: payload['cognito:username'] }) };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof JwksNotAvailableInCacheError || error instanceof FetchError) {
        // The identity provider's keys could not be fetched: the caller cannot be verified, and
        // whoever runs the service must know.
        logger.error('the user pool keys (JWKS) could not be fetched', { error });
      }
      throw new UnauthenticatedError('The token is not valid or has expired');
    }
  }
}
