// Sign-in through the local identity provider (cognito-local behind the bridge that adds what
// Cognito does and the emulator lacks), on the same code paths as in AWS: the identity sync keeps
// each user's identity in line with the table, the API verifies the pool's ID tokens through its
// JWKS, and the userId is the identity's username.
import { describe, expect, it } from 'vitest';
import {
  AdminGetUserCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startHostedUiSignIn } from '#cli/commands/sign-in.ts';
import { callbackUrl } from '#cli/sign-in-callback.ts';
import { freePort } from '#local/ports.ts';
import type { LocalIdentityProvider } from '#local/identity/identity-provider.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { hrSender, inSeconds, putOnLocalBus } from '../support/hr.ts';
import { identityHelpers, NEW_PASSWORD, seedSignInAccount } from '../support/identity.ts';
import { givenAccount } from '../support/accounts.ts';

// People's waits last seconds here (the execution limit scaled alike), so an undecided removal fails in time.
const SEVEN_DAYS = 7 * 24 * 3600;
const api = useApiRuntime({ identityProvider: { port: 0 }, longWaitScale: 3 / SEVEN_DAYS });
const sendHr = hrSender(() => api.runtime);
const idp = (): LocalIdentityProvider => api.runtime.identity!;
const { withCognito, invitationFor, signIn, acceptInvitation } = identityHelpers(idp);
const givenSignInAccount = () => seedSignInAccount(api.runtime);
const identity = (userId: string) =>
  withCognito(async (client) => {
    try {
      return await client.send(new AdminGetUserCommand({ UserPoolId: idp().userPoolId, Username: userId }));
    } catch (error) {
      if ((error as Error).name === 'UserNotFoundException') return 'gone' as const;
      throw error;
    }
  });

const refresh = (refreshToken: string) =>
  withCognito(async (client) => {
    const out = await client.send(
      new InitiateAuthCommand({
        ClientId: idp().clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    return out.AuthenticationResult?.IdToken;
  });

const asToken = (idToken: string) => ({ authorization: `Bearer ${idToken}` });
const me = async (idToken: string) => api.call('GET', '/v1/me', asToken(idToken));

describe('R6 R9 sign-in through the identity provider, in line with offboard', () => {
  it('an invited user gets an identity, signs in with the email and the token acts as that userId', async () => {
    const { accountId, id } = await givenSignInAccount();
    const admin = await acceptInvitation(id('amir'), `amir@${accountId}.test`);

    const invited = await api.call('POST', `/v1/accounts/${accountId}/users`, {
      ...asToken(admin.idToken),
      body: { email: `new@${accountId}.test`, displayName: 'New Member', role: 'MEMBER' },
    });
    expect(invited.status).toBe(201);
    const userId = invited.body.userId as string;
    const invitation = await invitationFor(userId);
    const session = await signIn(`new@${accountId}.test`, invitation.temporaryPassword);

    expect(invitation).toMatchObject({ email: `new@${accountId}.test`, userPoolId: idp().userPoolId });
    expect(await identity(userId)).toMatchObject({ Enabled: true, UserStatus: 'CONFIRMED' });
    expect((await me(session.idToken)).body).toMatchObject({ userId, accountId });
    // An INACTIVE user seeded gets no invitation; a token from an unknown issuer is refused.
    expect(
      idp()
        .invitations()
        .some((i) => i.username === id('gus')),
    ).toBe(false);
    const forged = session.idToken.replace(/^[^.]+\.[^.]+/, (head) => head.slice(0, -4) + 'AAAA');
    expect((await me(forged)).body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('R14 an invited identity signs in with the temporary password it was sent, and no other; the email in any case', async () => {
    const { accountId, id } = await givenSignInAccount();
    const invitation = await invitationFor(id('olivia'));

    await expect(signIn(`olivia@${accountId}.test`, 'Guessed-Pass-2026!')).rejects.toThrow(
      /Incorrect username or password/,
    );
    // The email in another case is the same sign-in, as in the deployed pool (case-insensitive).
    await expect(signIn(`Olivia@${accountId.toUpperCase()}.TEST`, invitation.temporaryPassword)).resolves.toMatchObject(
      {
        idToken: expect.any(String),
      },
    );
  });

  it('R14 a UserRemoved naming another account leaves this account’s identity alone', async () => {
    const { accountId, id } = await givenSignInAccount();
    const other = await givenAccount();

    await putOnLocalBus(api.runtime, [
      {
        source: 'offboard.users',
        detailType: 'UserRemoved',
        detail: {
          version: 1,
          removalId: 'rm-forged',
          accountId: other,
          userId: id('dan'),
          occurredAt: new Date().toISOString(),
        },
      },
    ]);

    expect(await identity(id('dan'))).toMatchObject({ Enabled: true });
    const session = await acceptInvitation(id('dan'), `dan@${accountId}.test`);
    expect((await me(session.idToken)).body).toMatchObject({ userId: id('dan') });
  });

  it('deactivate disables the identity and its tokens stop working; activate gives sign-in back', async () => {
    const { accountId, id } = await givenSignInAccount();
    const admin = await acceptInvitation(id('amir'), `amir@${accountId}.test`);
    const dan = await acceptInvitation(id('dan'), `dan@${accountId}.test`);
    expect((await me(dan.idToken)).status).toBe(200);

    await api.call('POST', `/v1/accounts/${accountId}/users/${id('dan')}/deactivate`, asToken(admin.idToken));

    expect((await me(dan.idToken)).body).toMatchObject({ status: 401, code: 'ACCESS_REVOKED' }); // at once (R6)
    await eventually(async () => expect(await identity(id('dan'))).toMatchObject({ Enabled: false }));
    await expect(signIn(`dan@${accountId}.test`, NEW_PASSWORD)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    // Signed out everywhere: the refresh token no longer gives tokens.
    await expect(refresh(dan.refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    await api.call('POST', `/v1/accounts/${accountId}/users/${id('dan')}/activate`, asToken(admin.idToken));

    await eventually(async () => expect(await identity(id('dan'))).toMatchObject({ Enabled: true }));
    const again = await signIn(`dan@${accountId}.test`, NEW_PASSWORD);
    expect((await me(again.idToken)).body).toMatchObject({ userId: id('dan') });
  });

  it('a removal deletes the identity; the same email invited again is a new userId and identity, and the old token never acts again', async () => {
    const { accountId, id } = await givenSignInAccount();
    const admin = await acceptInvitation(id('amir'), `amir@${accountId}.test`);
    const dan = await acceptInvitation(id('dan'), `dan@${accountId}.test`);

    const removal = await api.call('POST', `/v1/accounts/${accountId}/users/${id('dan')}/removal`, {
      ...asToken(admin.idToken),
      body: { confirm: true, reassignTo: id('amir') },
    });
    expect(removal.status).toBe(202);
    const statusUrl = removal.body.statusUrl as string;
    await eventually(async () =>
      expect((await api.call('GET', statusUrl, asToken(admin.idToken))).body.status).toBe('COMPLETED'),
    );

    await eventually(async () => expect(await identity(id('dan'))).toBe('gone'));
    expect((await me(dan.idToken)).status).toBe(401);

    const reinvited = await api.call('POST', `/v1/accounts/${accountId}/users`, {
      ...asToken(admin.idToken),
      body: { email: `dan@${accountId}.test`, displayName: 'Dan Again', role: 'MEMBER' },
    });
    const newUserId = reinvited.body.userId as string;
    const newDan = await acceptInvitation(newUserId, `dan@${accountId}.test`);

    expect(newUserId).not.toBe(id('dan'));
    expect((await me(newDan.idToken)).body).toMatchObject({ userId: newUserId, displayName: 'Dan Again' });
    expect((await me(dan.idToken)).status).toBe(401);
    expect(await identity(id('dan'))).toBe('gone');
  });
});

describe('R6 offboard and the identity provider converge after its outages', () => {
  it('a short outage during a removal: the sync retries and the identity is deleted', async () => {
    const { accountId, id } = await givenSignInAccount();
    const admin = await acceptInvitation(id('amir'), `amir@${accountId}.test`);
    await invitationFor(id('dan'));
    const outage = idp().outage(2);

    const removal = await api.call('POST', `/v1/accounts/${accountId}/users/${id('dan')}/removal`, {
      ...asToken(admin.idToken),
      body: { confirm: true, reassignTo: id('amir') },
    });
    expect(await waitForRemovalAs(removal.body.statusUrl, admin.idToken)).toBe('COMPLETED');

    await eventually(async () => expect(await identity(id('dan'))).toBe('gone'));
    expect(outage.remaining()).toBe(0); // the failures happened, and were retried through
    expect(failuresFor(id('dan'))).toEqual([]);
  });

  it('a long outage: the removal completes, the events wait in the on-failure destination, and sent again they converge', async () => {
    const { accountId, id } = await givenSignInAccount();
    const admin = await acceptInvitation(id('amir'), `amir@${accountId}.test`);
    const dan = await acceptInvitation(id('dan'), `dan@${accountId}.test`);
    const outage = idp().outage(1_000);

    const removal = await api.call('POST', `/v1/accounts/${accountId}/users/${id('dan')}/removal`, {
      ...asToken(admin.idToken),
      body: { confirm: true, reassignTo: id('amir') },
    });
    expect(await waitForRemovalAs(removal.body.statusUrl, admin.idToken)).toBe('COMPLETED');
    const failed = await eventually(() => {
      const events = failuresFor(id('dan'));
      expect(events.map((f) => f.event['detail-type']).sort()).toEqual(['RemovalStarted', 'UserRemoved']);
      return events;
    });
    outage.end();
    // Meanwhile the identity is still there, but offboard refuses its token (R6 does not wait for it).
    expect(await identity(id('dan'))).toMatchObject({ Enabled: true });
    expect((await me(dan.idToken)).status).toBe(401);

    await sendAgain(failed.map((f) => f.event));

    await eventually(async () => expect(await identity(id('dan'))).toBe('gone'));
  });

  it('R13 a removal that fails keeps sign-in off until an admin activates the user; a cancelled one gives it back', async () => {
    const { accountId, id } = await givenSignInAccount();
    const admin = await acceptInvitation(id('amir'), `amir@${accountId}.test`);
    await acceptInvitation(id('dan'), `dan@${accountId}.test`);
    const terminate = () =>
      sendHr(
        'EmployeeTerminated',
        { accountId, email: `dan@${accountId}.test`, effectiveAt: inSeconds(-5).toISOString() },
        inSeconds(-2),
      );
    const removalUrl = async () => {
      const { body } = await api.call('GET', `/v1/accounts/${accountId}/removals`, asToken(admin.idToken));
      const waiting = body.removals.find((r: { status: string }) => r.status === 'AWAITING_DECISION');
      expect(waiting).toBeDefined();
      return `/v1/accounts/${accountId}/removals/${waiting.removalId}`;
    };

    await terminate(); // no manager, fallback INACTIVE: waits for a decision that never comes
    const first = await eventually(removalUrl);
    await eventually(async () => expect(await identity(id('dan'))).toMatchObject({ Enabled: false }));
    expect(await waitForRemovalAs(first, admin.idToken)).toBe('FAILED');
    await api.runtime.bus.deliveries(); // RemovalFailed has reached the identity sync
    expect(await identity(id('dan'))).toMatchObject({ Enabled: false });
    await expect(signIn(`dan@${accountId}.test`, NEW_PASSWORD)).rejects.toThrow(/disabled/);
    await api.call('POST', `/v1/accounts/${accountId}/users/${id('dan')}/activate`, asToken(admin.idToken));
    await eventually(async () => expect(await identity(id('dan'))).toMatchObject({ Enabled: true }));
    expect((await me((await signIn(`dan@${accountId}.test`, NEW_PASSWORD)).idToken)).status).toBe(200);

    await terminate();
    const second = await eventually(removalUrl);
    await eventually(async () => expect(await identity(id('dan'))).toMatchObject({ Enabled: false }));
    expect((await api.call('DELETE', second, asToken(admin.idToken))).status).toBe(200);
    await eventually(async () => expect(await identity(id('dan'))).toMatchObject({ Enabled: true }));
  });
});

describe('R6 the hosted UI code flow with PKCE, as `npx offboard sign-in` runs it', () => {
  /** Starts a sign-in, registers its callback with the client, and plays the browser on the hosted UI's form. */
  async function hostedUiSignIn(email: string, password: string) {
    const port = await freePort();
    await withCognito((client) =>
      client.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: idp().userPoolId,
          ClientId: idp().clientId,
          CallbackURLs: [callbackUrl(port)],
        }),
      ),
    );
    const attempt = await startHostedUiSignIn({ hostedUi: idp().endpoint, clientId: idp().clientId, port });
    try {
      const page = await fetch(attempt.authorizeUrl);
      expect(page.status).toBe(200);
      const form = new URLSearchParams(new URL(attempt.authorizeUrl).searchParams);
      form.set('username', email);
      form.set('password', password);
      const submitted = await fetch(new URL('/oauth2/authorize', idp().endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        redirect: 'manual',
      });
      expect(submitted.status).toBe(302);
      const back = await fetch(submitted.headers.get('location')!);
      const outcome = await attempt.tokens.then(
        (tokens) => ({ tokens }),
        (error: Error) => ({ error }),
      );
      return { page: await back.text(), ...outcome };
    } finally {
      attempt.close();
    }
  }

  it('signs in with the email through the hosted UI and the ID token acts on the API; a disabled identity gets no token', async () => {
    const { accountId, id } = await givenSignInAccount();
    const admin = await acceptInvitation(id('amir'), `amir@${accountId}.test`);
    await acceptInvitation(id('dan'), `dan@${accountId}.test`);

    const signedIn = await hostedUiSignIn(`dan@${accountId}.test`, NEW_PASSWORD);

    expect(signedIn.page).toContain('Signed in');
    expect('tokens' in signedIn && (await me(signedIn.tokens.idToken)).body).toMatchObject({ userId: id('dan') });

    await api.call('POST', `/v1/accounts/${accountId}/users/${id('dan')}/deactivate`, asToken(admin.idToken));
    await eventually(async () => expect(await identity(id('dan'))).toMatchObject({ Enabled: false }));
    const refused = await hostedUiSignIn(`dan@${accountId}.test`, NEW_PASSWORD);

    expect('error' in refused && refused.error.message).toContain('User is disabled.');
  });
});

async function waitForRemovalAs(statusUrl: string, idToken: string): Promise<string> {
  const call = (method: string, path: string) => api.call(method, path, asToken(idToken));
  return (await waitForRemoval(call, statusUrl, '')).status;
}

const failuresFor = (userId: string) =>
  api.runtime.bus
    .failedInvocations()
    .filter((f) => f.function === 'offboard-identity-sync' && f.event.detail.userId === userId);

/** What an operator does with the on-failure queue's records once Cognito is back: put the events again. */
const sendAgain = (events: { source: string; 'detail-type': string; detail: unknown }[]) =>
  putOnLocalBus(
    api.runtime,
    events.map((e) => ({ source: e.source, detailType: e['detail-type'], detail: e.detail })),
  );
