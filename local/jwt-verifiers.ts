// The local runtime's sign-in verification: its HS256 tokens (docs/api.md: iss `offboard-local`,
// aud `offboard`, signed with OFFBOARD_JWT_SECRET) beside the Cognito emulator's ID tokens, told
// apart by their issuer. The local runtime composes the functions with this verifier
// (functions/shared/composition.ts); no Lambda imports it, so no deployed bundle accepts an HS256 token.
import { decodeJwt, jwtVerify, errors as joseErrors } from 'jose';
import { UnauthenticatedError } from '#core/errors.ts';
import { SKEW_SECONDS, subjectOf, type JwtVerifier } from '#adapters/auth/jwt-verifiers.ts';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER, localJwtSecret } from './jwt.ts';

export class LocalJwtVerifier implements JwtVerifier {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly issuer: string,
    private readonly audience: string,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string) {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['HS256'],
        clockTolerance: SKEW_SECONDS,
      });
      return { sub: subjectOf(payload) };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('The token has expired');
      throw new UnauthenticatedError('The token is not valid');
    }
  }
}

/**
 * Several issuers side by side (the local runtime: its HS256 tokens and the Cognito emulator's),
 * each token sent to the verifier of the issuer it names; an unknown issuer is UNAUTHENTICATED.
 */
export class IssuerRoutedVerifier implements JwtVerifier {
  constructor(private readonly byIssuer: ReadonlyMap<string, JwtVerifier>) {}

  async verify(token: string) {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new UnauthenticatedError('The token is not valid');
    }
    const verifier = issuer === undefined ? undefined : this.byIssuer.get(issuer);
    if (!verifier) throw new UnauthenticatedError('The token is not valid');
    return verifier.verify(token);
  }
}

/** The local runtime's verifier: HS256 tokens always, and the emulator's when it runs. */
export function localJwtVerifier(userPool?: { issuer: string; verifier: JwtVerifier }): JwtVerifier {
  const byIssuer = new Map<string, JwtVerifier>([
    [LOCAL_JWT_ISSUER, new LocalJwtVerifier(localJwtSecret(), LOCAL_JWT_ISSUER, LOCAL_JWT_AUDIENCE)],
  ]);
  if (userPool) byIssuer.set(userPool.issuer, userPool.verifier);
  return new IssuerRoutedVerifier(byIssuer);
}
