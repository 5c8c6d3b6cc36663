// Sign-in tokens from the Cognito user pool: verified as aws-jwt-verify does in AWS (issuer,
// audience, token_use id, RS256 against the pool's keys), and tied to the offboard user by the
// identity's username — the userId — never by Cognito's own `sub`, which cannot be chosen.
import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { CognitoVerifier } from '#adapters/auth/jwt-verifiers.ts';

const POOL = 'eu-west-1_TestPool';
const CLIENT = 'dashboardclient';

async function poolKeys() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const sign = (claims: Record<string, unknown>, expiresIn = '1h') =>
    new SignJWT({ token_use: 'id', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(`https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`)
      .setAudience(CLIENT)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey);
  return { jwks: { keys: [jwk] } as never, sign };
}

describe('R6 Cognito sign-in tokens', () => {
  it("act as the user the identity's username names (the userId), not Cognito's sub", async () => {
    const { jwks, sign } = await poolKeys();
    const verifier = new CognitoVerifier({ userPoolId: POOL, clientId: CLIENT, jwks });

    const token = await sign({ sub: '0b1f4c2e-uuid-from-cognito', 'cognito:username': 'u-3f2c9a' });

    expect(await verifier.verify(token)).toEqual({ sub: 'u-3f2c9a' });
  });

  it('refuses a token without a username, an expired one, and one for another client', async () => {
    const { jwks, sign } = await poolKeys();
    const verifier = new CognitoVerifier({ userPoolId: POOL, clientId: CLIENT, jwks });
    const other = new CognitoVerifier({ userPoolId: POOL, clientId: 'another-client', jwks });

    await expect(verifier.verify(await sign({ sub: 'x' }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifier.verify(await sign({ 'cognito:username': 'u-1' }, '-1h'))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(other.verify(await sign({ 'cognito:username': 'u-1' }))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
