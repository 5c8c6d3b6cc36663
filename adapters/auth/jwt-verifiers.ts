// Sign-in JWT verification. In AWS: Cognito user-pool tokens, verified with aws-jwt-verify (JWKS
// fetched once and cached). Locally: HS256 tokens signed with OFFBOARD_JWT_SECRET (API.md).
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { jwtVerify, errors as joseErrors } from 'jose';
import { UnauthenticatedError } from '#core/errors.ts';

export interface JwtVerifier {
  /** The verified subject (userId); UNAUTHENTICATED for a missing, malformed, expired or badly signed token. */
  verify(token: string): Promise<{ sub: string }>;
}

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
      });
      if (!payload.sub) throw new UnauthenticatedError('The token has no subject');
      return { sub: payload.sub };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('The token has expired');
      throw new UnauthenticatedError('The token is not valid');
    }
  }
}

export class CognitoVerifier implements JwtVerifier {
  private readonly verifier;
  constructor(userPoolId: string, clientId: string) {
    this.verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'id' });
  }

  async verify(token: string) {
    try {
      const payload = await this.verifier.verify(token);
      return { sub: payload.sub };
    } catch {
      throw new UnauthenticatedError('The token is not valid or has expired');
    }
  }
}
