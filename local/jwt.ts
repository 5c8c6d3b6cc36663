// Local sign-in tokens (docs/api.md): HS256 JWTs with iss `offboard-local`, aud `offboard`,
// sub = userId, signed with OFFBOARD_JWT_SECRET (a fixed development default).
import { SignJWT } from 'jose';

import { DEFAULT_LOCAL_JWT_SECRET, LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER } from '#adapters/auth/local-jwt.ts';

export { DEFAULT_LOCAL_JWT_SECRET };

export const localJwtSecret = (): string => process.env.OFFBOARD_JWT_SECRET ?? DEFAULT_LOCAL_JWT_SECRET;

export function signLocalJwt(userId: string, { expiresIn = '12h', secret = localJwtSecret() } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(LOCAL_JWT_ISSUER)
    .setAudience(LOCAL_JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
