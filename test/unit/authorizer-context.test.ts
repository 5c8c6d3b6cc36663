// The authorizer hands the API handler the caller it read for the request (R1, R6), inside the
// limits API Gateway sets on an authorizer's context: top-level strings, numbers and booleans only.
import { describe, expect, it } from 'vitest';
import { authorizeRequest } from '#functions/api/auth/authorize-request.ts';
import { UserSchema } from '#core/model/index.ts';
import { assertFlatAuthorizerContext } from '#local/authorizer-context.ts';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER, signLocalJwt } from '#local/jwt.ts';
import { LocalJwtVerifier } from '#local/jwt-verifiers.ts';
import { givenInMemoryAccount } from '../support/in-memory/acme.ts';
import { inMemoryStores } from '../support/in-memory/stores.ts';

const SECRET = 'unit-test-secret';
const jwt = new LocalJwtVerifier(SECRET, LOCAL_JWT_ISSUER, LOCAL_JWT_AUDIENCE);

async function verdictFor(userId: string) {
  const store = givenInMemoryAccount();
  const users = { ...inMemoryStores(store).users, findAccountsOfUser: async () => ['acme'] };
  const tokens = { findToken: async () => undefined };
  const token = await signLocalJwt(userId, { secret: SECRET });
  return authorizeRequest(
    { authorization: `Bearer ${token}`, accountId: 'acme' },
    { jwt, users, tokens, clock: { now: () => new Date() } },
  );
}

describe('R1 R6 the caller travels from the authorizer to the handler', () => {
  it('allows an ACTIVE user with a flat context that carries the caller as the table has it', async () => {
    const verdict = await verdictFor('bea');
    expect(verdict.verdict).toBe('allow');
    expect(() => assertFlatAuthorizerContext(verdict)).not.toThrow();
    const caller = UserSchema.parse(JSON.parse((verdict as { caller: string }).caller));
    expect(caller).toMatchObject({ userId: 'bea', role: 'ADMIN', status: 'ACTIVE', accountId: 'acme' });
  });

  it('denies an INACTIVE user (ACCESS_REVOKED) and carries no caller', async () => {
    const verdict = await verdictFor('gus');
    expect(verdict).toMatchObject({ verdict: 'deny', code: 'ACCESS_REVOKED' });
    expect(verdict).not.toHaveProperty('caller');
  });

  it('the local server refuses a context API Gateway would refuse (a nested object)', () => {
    expect(() => assertFlatAuthorizerContext({ verdict: 'allow', caller: { userId: 'bea' } })).toThrow(/caller/);
    expect(() => assertFlatAuthorizerContext({ verdict: 'allow', n: 1, ok: true })).not.toThrow();
  });
});
