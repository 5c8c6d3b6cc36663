// Local sign-in tokens (docs/api.md): HS256 JWTs with iss `offboard-local`, aud `offboard`,
// sub = userId, signed with OFFBOARD_JWT_SECRET (a fixed development default).
import { SignJWT } from 'jose';

export const LOCAL_JWT_ISSUER = 'offboard-local';
export const LOCAL_JWT_AUDIENCE = 'offboard';
export const DEFAULT_LOCAL_JWT_SECRET = 'offboard-local-development-secret-change-me';

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
