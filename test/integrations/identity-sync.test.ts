// The identity sync keeps each user's Cognito identity in line with offboard's table, whatever
// event arrives and however often: the user's status now decides. Cognito's answers are mocked here, to
// pin the calls made for each status; test/identity runs the same sync against the Cognito emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { syncIdentity } from '#functions/integrations/identity-sync/handler.ts';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { givenAccount } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';

process.env.COGNITO_USER_POOL_ID ??= 'eu-west-1_TestPool';
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const event = (detailType: string, accountId: string, userId: string) => ({
  'detail-type': detailType,
  detail: { version: 1, accountId, userId, occurredAt: new Date().toISOString() },
});
// The changes sent; the read of the identity's account before each (R14) is left out.
const calls = () =>
  cognito
    .calls()
    .map((c) => c.args[0].constructor.name)
    .filter((name) => name !== 'AdminGetUserCommand');

describe('R6 R9 the identity sync (second line of sign-in revocation)', () => {
  it('an ACTIVE user gets an identity (username = userId, email verified) and may sign in; a duplicate event changes nothing', async () => {
    const accountId = await givenAccount();
    cognito.on(AdminCreateUserCommand).rejectsOnce(new UsernameExistsException({ message: 'exists', $metadata: {} }));

    await syncIdentity(event('UserAdded', accountId, 'erin'));
    await syncIdentity(event('UserAdded', accountId, 'erin'));

    expect(calls()).toEqual([
      'AdminCreateUserCommand',
      'AdminEnableUserCommand',
      'AdminCreateUserCommand',
      'AdminEnableUserCommand',
    ]);
    expect(cognito.commandCalls(AdminCreateUserCommand)[1]!.args[0].input).toMatchObject({
      UserPoolId: 'eu-west-1_TestPool',
      Username: 'erin',
      UserAttributes: expect.arrayContaining([
        { Name: 'email', Value: `erin@${accountId}.test` },
        { Name: 'email_verified', Value: 'true' },
      ]),
    });
  });

  it('an INACTIVE user is disabled and signed out everywhere, even when the event says otherwise (the table decides)', async () => {
    const accountId = await givenAccount({ statuses: { erin: 'INACTIVE' } });

    const { outcome } = await syncIdentity(event('UserActivated', accountId, 'erin')); // an old, late event

    expect(outcome).toBe('disabled');
    expect(calls()).toEqual(['AdminDisableUserCommand', 'AdminUserGlobalSignOutCommand']);
  });

  it('a user whose removal started is signed out of the identity provider (RemovalStarted)', async () => {
    const accountId = await givenAccount();
    await dynamoDocumentClient().send(
      new UpdateCommand({
        TableName: testTableName(),
        Key: { pk: `ACCOUNT#${accountId}`, sk: 'USER#erin' },
        UpdateExpression: 'SET #status = :removing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':removing': 'REMOVING' },
      }),
    );

    const { outcome } = await syncIdentity(event('RemovalStarted', accountId, 'erin'));

    expect(outcome).toBe('disabled');
    expect(calls()).toEqual(['AdminDisableUserCommand', 'AdminUserGlobalSignOutCommand']);
  });

  it('a user that is not in the table any more is signed out and deleted; an identity already gone is fine', async () => {
    const accountId = await givenAccount();
    cognito.on(AdminDeleteUserCommand).rejects(new UserNotFoundException({ message: 'gone', $metadata: {} }));

    const { outcome } = await syncIdentity(event('UserRemoved', accountId, 'nobody'));

    expect(outcome).toBe('removed');
    expect(calls()).toEqual(['AdminUserGlobalSignOutCommand', 'AdminDeleteUserCommand']);
  });

  it('an outage of the identity provider fails the invocation, so Lambda retries it until both sides agree', async () => {
    const accountId = await givenAccount();
    cognito
      .on(AdminEnableUserCommand)
      .rejects(Object.assign(new Error('Service unavailable'), { name: 'InternalErrorException' }));

    await expect(syncIdentity(event('UserActivated', accountId, 'erin'))).rejects.toThrow('Service unavailable');
    cognito.reset();
    await expect(syncIdentity(event('UserActivated', accountId, 'erin'))).resolves.toEqual({ outcome: 'enabled' });
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(0);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
  });
});
