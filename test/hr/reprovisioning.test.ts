// R11: a user removed through HR is not silently re-created by a later HR/SSO provisioning of the
// same email; an admin's explicit invitation lifts the block.
import { describe, expect, it } from 'vitest';
import { accountSnapshot, givenAccount, views, stores } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { hrSender, inSeconds } from '../support/hr.ts';

const api = useApiRuntime();
const sendHr = hrSender(() => api.runtime);
const users = async (accountId: string) =>
  (await api.call('GET', `/v1/accounts/${accountId}/users`, { as: 'amir' })).body.users as {
    email: string;
    userId: string;
  }[];

describe('R11 no silent re-provisioning after an HR removal', () => {
  it('refuses HR/SSO provisioning with a reason until an admin adds the user explicitly', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const email = `farah@${accountId}.test`;
    await sendHr('EmployeeTerminated', { accountId, email, effectiveAt: inSeconds(-5).toISOString() }, inSeconds(-4));
    const removalId = (await stores().users.getUser(accountId, 'farah'))?.pendingRemovalId;
    expect(await waitForRemoval(api.call, `/v1/accounts/${accountId}/removals/${removalId}`, 'amir')).toMatchObject({
      status: 'COMPLETED',
    });

    await sendHr('EmployeeProvisioned', { accountId, email, displayName: 'Farah Again' }, inSeconds(-3));

    expect((await users(accountId)).map((u) => u.email)).not.toContain(email);
    expect((await views().auditLog(accountId)).entries[0]).toMatchObject({
      action: 'PROVISIONING_REFUSED',
      details: {
        email,
        code: 'REPROVISIONING_REFUSED',
        message: expect.stringContaining('an admin must add the user explicitly'),
      },
    });
    await eventually(() =>
      expect(
        api.runtime.bus.events({ detailType: 'ProvisioningRefused' }).filter((e) => e.detail.accountId === accountId),
      ).toHaveLength(1),
    );

    const invited = await api.call('POST', `/v1/accounts/${accountId}/users`, {
      as: 'amir',
      body: { email, displayName: 'Farah', role: 'MEMBER' },
    });
    expect(invited.status).toBe(201);
    await sendHr('EmployeeProvisioned', { accountId, email, displayName: 'Farah Again' }, inSeconds(-2));
    expect((await users(accountId)).filter((u) => u.email === email)).toEqual([
      expect.objectContaining({ userId: invited.body.userId }),
    ]);
  });

  it('lets HR/SSO provision new people, and people an admin (not HR) removed', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const removal = await api.call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    await waitForRemoval(api.call, removal.body.statusUrl, 'amir');

    await sendHr(
      'EmployeeProvisioned',
      { accountId, email: `farah@${accountId}.test`, displayName: 'Farah' },
      inSeconds(-3),
    );
    await sendHr('EmployeeProvisioned', { accountId, email: 'newhire@x.test', displayName: 'New Hire' }, inSeconds(-2));

    const added = await users(accountId);
    expect(added.map((u) => u.email)).toEqual(expect.arrayContaining([`farah@${accountId}.test`, 'newhire@x.test']));
    expect(added.find((u) => u.email === 'newhire@x.test')).toMatchObject({ role: 'MEMBER' });
  });

  it('never makes an admin: an EmployeeProvisioned asking for ADMIN is refused with its reason and adds nobody', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const before = await accountSnapshot(accountId);

    await sendHr(
      'EmployeeProvisioned',
      { accountId, email: 'attacker@evil.test', displayName: 'Mallory', role: 'ADMIN' },
      inSeconds(-2),
    );

    expect(await accountSnapshot(accountId)).toBe(before);
    expect(api.runtime.bus.failedInvocations().filter((f) => f.event.detail.accountId === accountId)).toEqual([
      expect.objectContaining({ error: expect.stringContaining('HR provisioning adds members only') }),
    ]);
  });
});
