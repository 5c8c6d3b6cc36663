// Invitations: the temporary password Cognito emails expires after 7 days and an email can be lost,
// so an admin sends it again (POST …/users/{u}/invitation, R1). And Cognito's default sender stops
// after 50 emails a day — AdminCreateUser then fails — which the local identity provider does too,
// unless it plays an SES sender (the stack's SesIdentity parameter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCreateUserCommand, LimitExceededException } from '@aws-sdk/client-cognito-identity-provider';
import { startLocalIdentityProvider, type LocalIdentityProvider } from '#local/identity/identity-provider.ts';
import { COGNITO_DEFAULT_EMAILS_PER_DAY } from '#local/identity/cognito-bridge.ts';
import { useApiRuntime } from '../support/api.ts';
import { identityHelpers, seedSignInAccount } from '../support/identity.ts';
import { accountSnapshot } from '../support/accounts.ts';

const api = useApiRuntime({ identityProvider: { port: 0 } });
const idp = (): LocalIdentityProvider => api.runtime.identity!;
const { invitationFor, signIn, acceptInvitation } = identityHelpers(idp);
const resend = (accountId: string, userId: string, as: string) =>
  api.call('POST', `/v1/accounts/${accountId}/users/${userId}/invitation`, { as });

describe('R1 an admin sends an invitation again', () => {
  it('a user who has not signed in gets a new temporary password; the old one stops working', async () => {
    const { accountId, id } = await seedSignInAccount(api.runtime);
    const first = await invitationFor(id('dan'));

    const sent = await resend(accountId, id('dan'), id('amir'));

    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ userId: id('dan'), email: `dan@${accountId}.test` });
    const invitations = idp()
      .invitations()
      .filter((i) => i.username === id('dan'));
    expect(invitations).toHaveLength(2);
    const second = invitations[1]!;
    expect(second.temporaryPassword).not.toBe(first.temporaryPassword);
    await expect(signIn(`dan@${accountId}.test`, first.temporaryPassword)).rejects.toThrow(/Incorrect/);
    const session = await signIn(`dan@${accountId}.test`, second.temporaryPassword);
    expect(session.idToken).toBeTruthy();
  });

  it('refuses, changing nothing, for someone already signed in, an INACTIVE user, a member caller and a removed or unknown user', async () => {
    const { accountId, id } = await seedSignInAccount(api.runtime);
    await acceptInvitation(id('amir'), `amir@${accountId}.test`);
    const sentBefore = idp().invitations().length;
    const before = await accountSnapshot(accountId);

    const signedIn = await resend(accountId, id('amir'), id('olivia'));
    const inactive = await resend(accountId, id('gus'), id('amir'));
    const member = await resend(accountId, id('olivia'), id('dan'));
    const unknown = await resend(accountId, 'nobody', id('amir'));

    expect(signedIn.status).toBe(409);
    expect(signedIn.body).toMatchObject({ code: 'INVITATION_NOT_POSSIBLE', reason: 'ALREADY_SIGNED_IN' });
    expect(signedIn.headers.get('content-type')).toContain('application/problem+json');
    expect(inactive.body).toMatchObject({ status: 409, code: 'INVITATION_NOT_POSSIBLE', reason: 'NOT_ACTIVE' });
    expect(member.body).toMatchObject({ status: 403, code: 'NOT_ALLOWED' });
    expect(unknown.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(idp().invitations()).toHaveLength(sentBefore);
    expect(await accountSnapshot(accountId)).toEqual(before);
  });
});

describe("Cognito's default sender: 50 emails a day, as in AWS; SES: no such limit", () => {
  let cognitoDefault: LocalIdentityProvider;
  let ses: LocalIdentityProvider;
  beforeAll(async () => {
    [cognitoDefault, ses] = await Promise.all([
      startLocalIdentityProvider({ port: 0 }),
      startLocalIdentityProvider({ port: 0, emailSender: 'ses' }),
    ]);
  });
  afterAll(async () => {
    await cognitoDefault?.stop();
    await ses?.stop();
  });

  /** Invites `count` new identities through the SDK, as the identity sync does; the outcome of each. */
  const invite = async (provider: LocalIdentityProvider, count: number) => {
    const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
    const { LOCAL_CREDENTIALS } = await import('#local/ports.ts');
    const client = new CognitoIdentityProviderClient({
      endpoint: provider.endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const outcomes: string[] = [];
    for (let i = 0; i < count; i++)
      outcomes.push(
        await client
          .send(
            new AdminCreateUserCommand({
              UserPoolId: provider.userPoolId,
              Username: `u-${i}`,
              UserAttributes: [{ Name: 'email', Value: `u${i}@example.test` }],
              DesiredDeliveryMediums: ['EMAIL'],
            }),
          )
          .then(
            () => 'sent',
            (error: unknown) => (error instanceof LimitExceededException ? 'LimitExceeded' : String(error)),
          ),
      );
    client.destroy();
    return outcomes;
  };

  it('the 51st invitation of the day fails with LimitExceededException on the default sender, not on SES', async () => {
    const onDefault = await invite(cognitoDefault, COGNITO_DEFAULT_EMAILS_PER_DAY + 1);
    const onSes = await invite(ses, COGNITO_DEFAULT_EMAILS_PER_DAY + 1);

    expect(onDefault.slice(0, COGNITO_DEFAULT_EMAILS_PER_DAY).every((o) => o === 'sent')).toBe(true);
    expect(onDefault.at(-1)).toBe('LimitExceeded');
    expect(cognitoDefault.invitations()).toHaveLength(COGNITO_DEFAULT_EMAILS_PER_DAY);
    expect(onSes.every((o) => o === 'sent')).toBe(true);
  });
});

describe('R1 past the default sender’s daily limit the API says what to configure (last: it spends the day’s emails)', () => {
  it('a re-send beyond 50 emails answers 409 INVITATION_NOT_POSSIBLE DAILY_EMAIL_LIMIT, naming SES', async () => {
    const { accountId, id } = await seedSignInAccount(api.runtime);
    let answer = await resend(accountId, id('dan'), id('amir'));
    for (let sent = idp().invitations().length; answer.status === 202 && sent <= COGNITO_DEFAULT_EMAILS_PER_DAY; sent++)
      answer = await resend(accountId, id('dan'), id('amir'));

    expect(idp().invitations()).toHaveLength(COGNITO_DEFAULT_EMAILS_PER_DAY);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'INVITATION_NOT_POSSIBLE', reason: 'DAILY_EMAIL_LIMIT' });
    expect(answer.body.detail).toContain('SesIdentity');
  });
});
