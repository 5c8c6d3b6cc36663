// Playing a person on the local identity provider (cognito-local behind its bridge): the invitation
// "email" the identity sync sends, and a sign-in with email and password that chooses a new password
// when the invitation's is temporary — as Cognito's hosted UI or SDK sign-in would.
import { expect } from 'vitest';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_CREDENTIALS } from '#local/ports.ts';
import type { LocalIdentityProvider } from '#local/identity/identity-provider.ts';
import { eventually } from './eventually.ts';
import { uniqueId } from './accounts.ts';
import { parseFixture } from '#core/fixture.ts';
import type { LocalRuntime } from '#local/runtime.ts';

/** The password people choose on their first sign-in in these tests. */
export const NEW_PASSWORD = 'Chosen-Pass-2026!';

export function identityHelpers(idp: () => LocalIdentityProvider) {
  /** Runs `use` with an SDK client of the local identity provider, destroyed afterwards. */
  async function withCognito<T>(use: (client: CognitoIdentityProviderClient) => Promise<T>): Promise<T> {
    const client = new CognitoIdentityProviderClient({
      endpoint: idp().endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      return await use(client);
    } finally {
      client.destroy();
    }
  }

  /** The invitation "email" for a userId, once the identity sync has sent it. */
  const invitationFor = (userId: string) =>
    eventually(() => {
      const invitation = idp()
        .invitations()
        .findLast((i) => i.username === userId);
      expect(invitation).toBeDefined();
      return invitation!;
    });

  /** Signs in with the email and password, choosing a new password when the invitation's is temporary. */
  async function signIn(email: string, password: string): Promise<{ idToken: string; refreshToken: string }> {
    return withCognito(async (client) => {
      const first = await client.send(
        new InitiateAuthCommand({
          ClientId: idp().clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      const result =
        first.ChallengeName === 'NEW_PASSWORD_REQUIRED'
          ? (
              await client.send(
                new RespondToAuthChallengeCommand({
                  ClientId: idp().clientId,
                  ChallengeName: 'NEW_PASSWORD_REQUIRED',
                  Session: first.Session,
                  ChallengeResponses: { USERNAME: email, NEW_PASSWORD },
                }),
              )
            ).AuthenticationResult
          : first.AuthenticationResult;
      return { idToken: result!.IdToken!, refreshToken: result!.RefreshToken! };
    });
  }

  /** Signs in a newly invited user with the invitation's temporary password (choosing NEW_PASSWORD). */
  async function acceptInvitation(userId: string, email: string) {
    return signIn(email, (await invitationFor(userId)).temporaryPassword);
  }

  return { withCognito, invitationFor, signIn, acceptInvitation };
}

/** An account whose users have identities (seeded through the runtime, as `npm start` does). */
export async function seedSignInAccount(runtime: LocalRuntime) {
  const accountId = uniqueId('acct');
  const id = (name: string) => `u-${accountId}-${name}`;
  const user = (name: string, role: string, status = 'ACTIVE') => ({
    userId: id(name),
    email: `${name}@${accountId}.test`,
    displayName: name,
    role,
    status,
  });
  await runtime.seed(
    parseFixture({
      accounts: [
        {
          accountId,
          name: accountId,
          plan: 'ENTERPRISE',
          billingCycleDay: 1,
          users: [
            user('olivia', 'OWNER'),
            user('amir', 'ADMIN'),
            user('dan', 'MEMBER'),
            user('gus', 'MEMBER', 'INACTIVE'),
          ],
          resources: [{ type: 'PHONE_NUMBER', id: `num-${accountId}`, name: '+1 555 0101', ownerId: id('dan') }],
          fallbackUserId: id('gus'), // INACTIVE: an HR removal of dan has no target and waits
          callLogs: [],
        },
      ],
    }),
  );
  return { accountId, id };
}
