// R9 deactivate/activate, R6 access ending on the next call, inviting users, ownership transfer (R2).
import { describe, expect, it } from 'vitest';
import { UserActivated } from '#core/events/user-activated.ts';
import { UserDeactivated } from '#core/events/user-deactivated.ts';
import { OwnershipTransferred } from '#core/events/ownership-transferred.ts';
import { accountSnapshot, givenAccount, views, stores } from '../support/accounts.ts';
import { eventually } from '../support/eventually.ts';
import { apiClient, bearer, useApiRuntime, waitForRemoval } from '../support/api.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);

const eventsFor = (detailType: string, accountId: string) =>
  api.runtime.bus.events({ detailType }).filter((e) => e.detail.accountId === accountId);

describe('R9 R6 deactivation ends access on the very next call; activation restores it', () => {
  it('refuses the same unexpired JWT right after deactivation, revokes API tokens for good, and lets the user back in after activation', async () => {
    const accountId = await givenAccount();
    const erinsJwt = await bearer('erin');
    const token = await call('POST', `/v1/accounts/${accountId}/api-tokens`, {
      as: 'erin',
      body: { name: 'CRM sync' },
    });
    expect(token.status).toBe(201);
    const apiToken = `Bearer ${token.body.token}`;
    expect((await call('GET', `/v1/accounts/${accountId}/resources`, { authorization: apiToken })).status).toBe(200);

    const deactivated = await call('POST', `/v1/accounts/${accountId}/users/erin/deactivate`, { as: 'amir' });
    const again = await call('POST', `/v1/accounts/${accountId}/users/erin/deactivate`, { as: 'amir' });

    expect(deactivated).toMatchObject({ status: 200, body: { userId: 'erin', status: 'INACTIVE' } });
    expect(again.body).toEqual({ userId: 'erin', status: 'INACTIVE' });
    expect((await call('GET', `/v1/accounts/${accountId}/users`, { authorization: erinsJwt })).body).toMatchObject({
      status: 401,
      code: 'ACCESS_REVOKED',
    });
    expect((await call('GET', `/v1/accounts/${accountId}/users`, { authorization: apiToken })).body).toMatchObject({
      code: 'ACCESS_REVOKED',
    });
    // Deactivation keeps role and seat (R9).
    expect(await stores().users.getUser(accountId, 'erin')).toMatchObject({ role: 'MEMBER', status: 'INACTIVE' });

    const activated = await call('POST', `/v1/accounts/${accountId}/users/erin/activate`, { as: 'amir' });

    expect(activated.body).toEqual({ userId: 'erin', status: 'ACTIVE' });
    expect((await call('GET', `/v1/accounts/${accountId}/users`, { authorization: erinsJwt })).status).toBe(200);
    expect((await call('GET', `/v1/accounts/${accountId}/users`, { authorization: apiToken })).body).toMatchObject({
      code: 'ACCESS_REVOKED',
    });
    await eventually(() => expect(eventsFor('UserActivated', accountId)).toHaveLength(1));
    expect(eventsFor('UserDeactivated', accountId).map((e) => UserDeactivated.parse(e.detail))).toEqual([
      {
        version: 1,
        accountId,
        userId: 'erin',
        by: { type: 'USER', id: 'amir' },
        at: expect.any(String),
        occurredAt: expect.any(String),
      },
    ]);
    expect(eventsFor('UserActivated', accountId).map((e) => UserActivated.parse(e.detail).userId)).toEqual(['erin']);
    const actions = (await views().auditLog(accountId)).entries.map((e) => e.action);
    expect(actions).toEqual(['USER_ACTIVATED', 'USER_DEACTIVATED', 'API_TOKEN_CREATED']);
  });

  it('R3 nobody deactivates themselves; R1 a member cannot activate', async () => {
    const accountId = await givenAccount();
    expect((await call('POST', `/v1/accounts/${accountId}/users/amir/deactivate`, { as: 'amir' })).body.code).toBe(
      'CANNOT_REMOVE_SELF',
    );
    expect((await call('POST', `/v1/accounts/${accountId}/users/gus/activate`, { as: 'erin' })).body.code).toBe(
      'NOT_ALLOWED',
    );
  });
});

describe('inviting users', () => {
  it('R1 without an identity provider (sign-in with local tokens) there is no invitation to re-send: 409, said plainly', async () => {
    const accountId = await givenAccount();

    const answer = await call('POST', `/v1/accounts/${accountId}/users/dan/invitation`, { as: 'amir' });

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'INVITATION_NOT_POSSIBLE', reason: 'NO_IDENTITY_PROVIDER' });
  });

  it('gives a re-invited, previously removed email a new userId and lists only non-removed users', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const removal = await call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    expect(await waitForRemoval(call, removal.body.statusUrl, 'amir')).toMatchObject({ status: 'COMPLETED' });

    const invited = await call('POST', `/v1/accounts/${accountId}/users`, {
      as: 'amir',
      body: { email: `FARAH@${accountId}.test`, displayName: 'Farah Again', role: 'MEMBER' },
    });

    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: `farah@${accountId}.test`, status: 'ACTIVE', role: 'MEMBER' });
    expect(invited.body.userId).not.toBe('farah');
    expect(invited.headers.get('location')).toBe(`/v1/accounts/${accountId}/users/${invited.body.userId}`);
    const me = await call('GET', '/v1/me', { as: invited.body.userId });
    expect(me.body).toMatchObject({ userId: invited.body.userId, accountId, displayName: 'Farah Again' });
    const users = (await call('GET', `/v1/accounts/${accountId}/users`, { as: 'amir' })).body.users;
    expect(users.map((u: { userId: string }) => u.userId)).not.toContain('farah');
    expect(
      (await call('GET', `/v1/accounts/${accountId}/users?status=INACTIVE`, { as: 'amir' })).body.users.map(
        (u: { userId: string }) => u.userId,
      ),
    ).toEqual(['gus']);
    expect(
      (
        await call('POST', `/v1/accounts/${accountId}/users`, {
          as: 'amir',
          body: { email: `erin@${accountId}.test`, displayName: 'Dup', role: 'MEMBER' },
        })
      ).body.code,
    ).toBe('EMAIL_IN_USE');
  });
});

describe('R2 ownership transfer', () => {
  it('hands the account to an active admin; the former owner becomes an admin and can then be removed', async () => {
    const accountId = await givenAccount();
    expect(
      (await call('POST', `/v1/accounts/${accountId}/ownership-transfer`, { as: 'amir', body: { newOwnerId: 'bea' } }))
        .body.code,
    ).toBe('NOT_ALLOWED');
    expect(
      (
        await call('POST', `/v1/accounts/${accountId}/ownership-transfer`, {
          as: 'olivia',
          body: { newOwnerId: 'erin' },
        })
      ).body.code,
    ).toBe('INVALID_NEW_OWNER');

    const transferred = await call('POST', `/v1/accounts/${accountId}/ownership-transfer`, {
      as: 'olivia',
      body: { newOwnerId: 'bea' },
    });

    expect(transferred).toMatchObject({ status: 200, body: { ownerId: 'bea' } });
    expect(await stores().accounts.getAccount(accountId)).toMatchObject({ ownerId: 'bea' });
    expect(await stores().users.getUser(accountId, 'olivia')).toMatchObject({ role: 'ADMIN' });
    expect(await stores().users.getUser(accountId, 'bea')).toMatchObject({ role: 'OWNER' });
    await eventually(() => expect(eventsFor('OwnershipTransferred', accountId)).toHaveLength(1));
    expect(eventsFor('OwnershipTransferred', accountId).map((e) => OwnershipTransferred.parse(e.detail))).toEqual([
      {
        version: 1,
        accountId,
        fromUserId: 'olivia',
        toUserId: 'bea',
        at: expect.any(String),
        occurredAt: expect.any(String),
      },
    ]);
    const removal = await call('POST', `/v1/accounts/${accountId}/users/olivia/removal`, {
      as: 'bea',
      body: { confirm: true },
    });
    expect(await waitForRemoval(call, removal.body.statusUrl, 'bea')).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('R1 R2 an admin changes a role or a name (PATCH …/users/{userId})', () => {
  it('promotes a member to admin, who may then manage users; demotes them again; audited and announced', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}/users`;
    expect((await call('POST', `${base}/farah/deactivate`, { as: 'dan' })).body.code).toBe('NOT_ALLOWED');

    const promoted = await call('PATCH', `${base}/dan`, {
      as: 'amir',
      body: { role: 'ADMIN', displayName: 'Dan Lead' },
    });
    expect(promoted).toMatchObject({ status: 200, body: { userId: 'dan', role: 'ADMIN', displayName: 'Dan Lead' } });
    expect((await call('POST', `${base}/farah/deactivate`, { as: 'dan' })).status).toBe(200);
    const again = await call('PATCH', `${base}/dan`, { as: 'amir', body: { role: 'ADMIN' } });
    expect(again.body.role).toBe('ADMIN'); // as asked already: nothing changes

    await call('PATCH', `${base}/dan`, { as: 'bea', body: { role: 'MEMBER' } });
    expect((await call('POST', `${base}/farah/activate`, { as: 'dan' })).body.code).toBe('NOT_ALLOWED');
    const updates = (await views().auditLog(accountId)).entries.filter((e) => e.action === 'USER_UPDATED');
    expect(updates.map((e) => e.details)).toEqual([
      { changes: { role: 'MEMBER' }, previous: { role: 'ADMIN' } },
      { changes: { role: 'ADMIN', displayName: 'Dan Lead' }, previous: { role: 'MEMBER', displayName: 'Dan Member' } },
    ]);
    await eventually(() => expect(eventsFor('UserUpdated', accountId)).toHaveLength(2));
  });

  it('refuses a member (R1), your own role, the owner’s role (R2: transfer instead) and nonsense, changing nothing', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}/users`;
    const before = await accountSnapshot(accountId);

    const asMember = await call('PATCH', `${base}/erin`, { as: 'dan', body: { role: 'ADMIN' } });
    const own = await call('PATCH', `${base}/amir`, { as: 'amir', body: { role: 'MEMBER' } });
    const owner = await call('PATCH', `${base}/olivia`, { as: 'amir', body: { role: 'MEMBER' } });
    const toOwner = await call('PATCH', `${base}/dan`, { as: 'olivia', body: { role: 'OWNER' } });
    const empty = await call('PATCH', `${base}/dan`, { as: 'amir', body: {} });
    const unknown = await call('PATCH', `${base}/nobody`, { as: 'amir', body: { role: 'ADMIN' } });

    expect(asMember.body).toMatchObject({ status: 403, code: 'NOT_ALLOWED' });
    expect(own.body).toMatchObject({ status: 409, code: 'CANNOT_CHANGE_OWN_ROLE' });
    expect(owner.body).toMatchObject({ status: 409, code: 'OWNER_MUST_TRANSFER' });
    expect(toOwner.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(empty.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(unknown.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await accountSnapshot(accountId)).toBe(before);
  });
});
