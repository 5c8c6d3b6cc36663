// R8 over HTTP: plan limits, seats freed at once, and races that keep the counts exact.
import { describe, expect, it } from 'vitest';
import { givenAccount, stores } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';

const api = useApiRuntime();
const invite = (accountId: string, email: string, as = 'amir') =>
  api.call('POST', `/v1/accounts/${accountId}/users`, { as, body: { email, displayName: email, role: 'MEMBER' } });

/** Seat holders counted from the users themselves: ACTIVE, INACTIVE or REMOVING. */
async function seatHolders(accountId: string) {
  const users = (await api.call('GET', `/v1/accounts/${accountId}/users`, { as: 'amir' })).body.users as {
    status: string;
  }[];
  return users.filter((u) => ['ACTIVE', 'INACTIVE', 'REMOVING'].includes(u.status)).length;
}

/** A SWIFT account (10 seats) filled up: the cast holds 7 seats, three invitations take the rest. */
async function fullSwiftAccount() {
  const accountId = await givenAccount({ plan: 'SWIFT' });
  for (const n of [1, 2, 3]) expect((await invite(accountId, `fill${n}@x.test`)).status).toBe(201);
  expect((await api.call('GET', `/v1/accounts/${accountId}/seats`, { as: 'amir' })).body).toMatchObject({
    limit: 10,
    used: 10,
    available: 0,
  });
  return accountId;
}

describe('R8 seats', () => {
  it('two admins inviting into the last free seat at once: exactly one wins', async () => {
    const accountId = await givenAccount({ plan: 'SWIFT' });
    for (const n of [1, 2]) await invite(accountId, `fill${n}@x.test`);

    const [a, b] = await Promise.all([
      invite(accountId, 'race-a@x.test', 'amir'),
      invite(accountId, 'race-b@x.test', 'bea'),
    ]);

    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.code).toBe('SEAT_LIMIT_REACHED');
    expect((await stores().accounts.getAccount(accountId))!.seatsUsed).toBe(10);
    expect(await seatHolders(accountId)).toBe(10);
  });

  it('frees the seat at removal so the same email can be re-invited on a full plan', async () => {
    const accountId = await fullSwiftAccount();
    expect((await invite(accountId, 'one-too-many@x.test')).body.code).toBe('SEAT_LIMIT_REACHED');

    const removal = await api.call('POST', `/v1/accounts/${accountId}/users/farah/removal`, {
      as: 'amir',
      body: { confirm: true },
    });
    expect(await waitForRemoval(api.call, removal.body.statusUrl, 'amir')).toMatchObject({ status: 'COMPLETED' });
    const again = await invite(accountId, `farah@${accountId}.test`);

    expect(again.status).toBe(201);
    expect(again.body.userId).not.toBe('farah');
    const seats = (await api.call('GET', `/v1/accounts/${accountId}/seats`, { as: 'amir' })).body;
    expect(seats).toMatchObject({
      used: 10,
      available: 0,
      billed: 11,
      pendingAdjustments: [expect.objectContaining({ seats: -1 })],
    });
  });

  it('a removal and an invitation racing on a full plan leave the counts exact', async () => {
    const accountId = await fullSwiftAccount();

    const [removal, invited] = await Promise.all([
      api.call('POST', `/v1/accounts/${accountId}/users/farah/removal`, { as: 'amir', body: { confirm: true } }),
      invite(accountId, 'racer@x.test', 'bea'),
    ]);
    await waitForRemoval(api.call, removal.body.statusUrl, 'amir');

    expect([201, 409]).toContain(invited.status);
    const used = (await stores().accounts.getAccount(accountId))!.seatsUsed;
    expect(used).toBe(await seatHolders(accountId));
    expect(used).toBe(invited.status === 201 ? 10 : 9);
  });

  it('ENTERPRISE is not seat-based: invitations never hit a limit', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, n) => invite(accountId, `e${n}@x.test`)));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect((await api.call('GET', `/v1/accounts/${accountId}/seats`, { as: 'amir' })).body).toMatchObject({
      plan: 'ENTERPRISE',
      limit: null,
      available: null,
      used: 19,
    });
  });
});
