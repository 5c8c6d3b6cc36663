// R1–R4 R10 Bulk removals for a layoff: one preview that also shows what only the whole set
// reveals, one typed confirmation, each user's own removal through the workflow (refusals listed
// with the reason, never skipped), and the bulk's progress until every removal has ended.
import { describe, expect, it } from 'vitest';
import { accountSnapshot, givenAccount, stores } from '../support/accounts.ts';
import { useApiRuntime } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { injectFault } from '../support/faults.ts';

const api = useApiRuntime();
const post = (accountId: string, path: string, body: unknown, as = 'amir') =>
  api.call('POST', `/v1/accounts/${accountId}/bulk-removals${path}`, { as, body });

const layoff = () =>
  givenAccount({
    plan: 'ENTERPRISE',
    resources: [
      { type: 'PHONE_NUMBER', id: 'n-dan', name: '+1 555 0101', ownerId: 'dan' },
      { type: 'CALL_FLOW', id: 'f-farah', name: 'Support', ownerId: 'farah' },
      { type: 'TEAM', id: 't-night', name: 'Night desk', ownerId: 'amir', members: ['dan', 'farah'] },
    ],
  });

describe('R1–R4 the bulk preview', () => {
  it('lists each user with what blocks them, and what only the set shows: a target leaving too, a rotation left empty', async () => {
    const accountId = await layoff();

    const withTarget = await post(accountId, '/preview', {
      userIds: ['dan', 'erin', 'olivia', 'nobody'],
      reassignTo: 'erin',
    });
    const noTarget = await post(accountId, '/preview', { userIds: ['dan', 'farah'] });

    expect(withTarget.status).toBe(200);
    expect(withTarget.body).toMatchObject({ total: 4, confirmationText: 'REMOVE 4 USERS' });
    const byId = Object.fromEntries(withTarget.body.users.map((u: { userId: string }) => [u.userId, u]));
    expect(byId.dan).toMatchObject({ displayName: 'Dan Member', canRemove: true, ownedResources: 1 });
    expect(byId.olivia.blockers.map((b: { code: string }) => b.code)).toEqual(['OWNER_MUST_TRANSFER']);
    expect(byId.nobody.blockers.map((b: { code: string }) => b.code)).toEqual(['NOT_FOUND']);
    expect(withTarget.body.crossDependencies).toEqual([
      expect.objectContaining({ code: 'TARGET_ALSO_REMOVED', userIds: ['erin'] }),
    ]);
    expect(noTarget.body.crossDependencies).toEqual([
      expect.objectContaining({ code: 'ROTATION_LEFT_EMPTY', userIds: expect.arrayContaining(['dan', 'farah']) }),
    ]);
    expect(noTarget.body.crossDependencies[0].message).toContain('Night desk');
  });
});

describe('R1–R4 R10 a bulk removal', () => {
  it('needs the typed confirmation, changing nothing without it', async () => {
    const accountId = await layoff();
    const before = await accountSnapshot(accountId);

    const unconfirmed = await post(accountId, '', {
      userIds: ['dan', 'farah'],
      confirm: true,
      confirmationText: 'REMOVE 3 USERS',
    });

    expect(unconfirmed.body).toMatchObject({ status: 400, code: 'CONFIRMATION_REQUIRED' });
    expect(unconfirmed.body.detail).toContain('REMOVE 2 USERS');
    expect(await accountSnapshot(accountId)).toEqual(before);
  });

  it('removes each user through the workflow, lists the refused with the reason, and ends COMPLETED', async () => {
    const accountId = await layoff();

    const started = await post(accountId, '', {
      userIds: ['dan', 'farah', 'olivia'],
      confirm: true,
      confirmationText: 'REMOVE 3 USERS',
      reassignTo: 'bea',
      perUser: [{ userId: 'farah', reassignTo: 'erin' }],
      reason: 'Layoff, wave 1',
    });
    const status = await eventually(async () => {
      const answer = await api.call('GET', started.body.statusUrl, { as: 'amir' });
      expect(answer.body.status).toBe('COMPLETED');
      return answer.body;
    }, 30_000);
    const listed = await api.call('GET', `/v1/accounts/${accountId}/bulk-removals`, { as: 'amir' });
    const member = await api.call('GET', started.body.statusUrl, { as: 'erin' });

    expect(started).toMatchObject({ status: 202, body: { total: 3, refused: 1 } });
    expect(started.headers.get('location')).toBe(started.body.statusUrl);
    expect(status.counts).toEqual({ completed: 2, running: 0, scheduled: 0, failed: 0, cancelled: 0, refused: 1 });
    expect(status.items).toEqual([
      expect.objectContaining({
        userId: 'dan',
        displayName: 'Dan Member',
        status: 'COMPLETED',
        removalId: expect.any(String),
      }),
      expect.objectContaining({ userId: 'farah', status: 'COMPLETED' }),
      expect.objectContaining({
        userId: 'olivia',
        status: 'REFUSED',
        removalId: null,
        failure: expect.objectContaining({ code: 'OWNER_MUST_TRANSFER' }),
      }),
    ]);
    expect((await stores().users.getUser(accountId, 'dan'))?.status).toBe('REMOVED');
    const owners = Object.fromEntries(
      (await api.call('GET', `/v1/accounts/${accountId}/resources`, { as: 'amir' })).body.resources.map(
        (r: { id: string; ownerId: string }) => [r.id, r.ownerId],
      ),
    );
    expect(owners).toMatchObject({ 'n-dan': 'bea', 'f-farah': 'erin' });
    expect((await stores().removals.getRemoval(status.items[0].removalId))?.reason).toBe('Layoff, wave 1');
    expect(listed.body.bulkRemovals.map((b: { bulkRemovalId: string }) => b.bulkRemovalId)).toEqual([
      started.body.bulkRemovalId,
    ]);
    expect(member.body).toMatchObject({ status: 403, code: 'NOT_ALLOWED' });
  });

  it('a user whose start keeps failing (throttled) is listed as not started; the others run, and the bulk is recorded', async () => {
    const accountId = await layoff();
    const fault = injectFault({
      command: 'TransactWriteItemsCommand',
      when: (input) => JSON.stringify(input).includes('IDEMPOTENCY') && JSON.stringify(input).includes('USER#farah'),
      at: 'before',
      times: 1000,
    });
    try {
      const started = await post(accountId, '', {
        userIds: ['dan', 'farah'],
        confirm: true,
        confirmationText: 'REMOVE 2 USERS',
        reassignTo: 'bea',
      });
      fault.remove();
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const status = await eventually(async () => {
        const answer = await api.call('GET', started.body.statusUrl, { as: 'amir' });
        expect(answer.body.status).toBe('COMPLETED');
        return answer.body;
      }, 30_000);

      expect(started).toMatchObject({ status: 202, body: { total: 2, refused: 1 } });
      expect(fault.fired()).toBeGreaterThan(1); // tried again before giving up
      expect(status.items).toEqual([
        expect.objectContaining({ userId: 'dan', status: 'COMPLETED' }),
        expect.objectContaining({
          userId: 'farah',
          status: 'REFUSED',
          failure: expect.objectContaining({ code: 'TEMPORARILY_UNAVAILABLE' }),
        }),
      ]);
      expect((await stores().users.getUser(accountId, 'farah'))?.status).toBe('ACTIVE');
    } finally {
      fault.remove();
    }
  });

  it('R10 an Idempotency-Key answers the same bulk, also to requests racing each other; another body with it is 422', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const body = { userIds: ['dan', 'farah'], confirm: true, confirmationText: 'REMOVE 2 USERS', reassignTo: 'bea' };
    const send = (b: unknown) =>
      api.call('POST', `/v1/accounts/${accountId}/bulk-removals`, {
        as: 'amir',
        body: b,
        headers: { 'idempotency-key': 'layoff-wave-1' },
      });

    const [first, racing] = await Promise.all([send(body), send(body)]);
    const replay = await send(body);
    const other = await send({ ...body, reason: 'another' });
    const removals = (await api.call('GET', `/v1/accounts/${accountId}/removals`, { as: 'amir' })).body.removals;

    expect([first.status, racing.status, replay.status]).toEqual([202, 202, 202]);
    expect(new Set([first.body.bulkRemovalId, racing.body.bulkRemovalId, replay.body.bulkRemovalId]).size).toBe(1);
    expect(removals.map((r: { userId: string }) => r.userId).sort()).toEqual(['dan', 'farah']);
    expect(other.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
