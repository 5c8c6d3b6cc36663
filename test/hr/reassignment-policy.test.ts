// R11 when no admin is present: the manager takes over, else the account's fallback user; when
// neither can, the removal waits for an admin's decision (or its timeout).
import { describe, expect, it } from 'vitest';
import { givenAccount, stores } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { hrSender, inSeconds } from '../support/hr.ts';
import { pauseBefore } from '../support/faults.ts';
import { testTableName } from '../support/env.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '#adapters/clients.ts';

// The 7-day wait lasts 3 s here, and the execution-level timeout is scaled alike, so their ratio is
// the deployed one: a limit shorter than the wait would end the execution first, as in AWS.
const SEVEN_DAYS = 7 * 24 * 3600;
const api = useApiRuntime({ longWaitScale: 3 / SEVEN_DAYS });
const sendHr = hrSender(() => api.runtime);
const OWNS = [
  { type: 'PHONE_NUMBER' as const, id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
  { type: 'TEAM' as const, id: 'team-1', name: 'Solo', ownerId: 'amir', members: ['dan'] },
];
const terminate = (accountId: string, extra: Record<string, unknown> = {}) =>
  sendHr(
    'EmployeeTerminated',
    { accountId, email: `dan@${accountId}.test`, effectiveAt: inSeconds(-5).toISOString(), ...extra },
    inSeconds(-2),
  );
const danRemoval = async (accountId: string) => {
  const id =
    (await stores().users.getUser(accountId, 'dan'))?.removalId ??
    (await stores().users.getUser(accountId, 'dan'))?.pendingRemovalId;
  return `/v1/accounts/${accountId}/removals/${id}`;
};
const ownerOf = async (accountId: string, id: string) =>
  (await api.call('GET', `/v1/accounts/${accountId}/resources`, { as: 'amir' })).body.resources.find(
    (r: { id: string }) => r.id === id,
  );

describe('R11 reassignment policy', () => {
  it('gives everything to the manager when the manager is an ACTIVE user of the account', async () => {
    const accountId = await givenAccount({ resources: OWNS });
    await terminate(accountId, { managerEmail: `erin@${accountId}.test` });

    expect(await waitForRemoval(api.call, await danRemoval(accountId), 'amir')).toMatchObject({ status: 'COMPLETED' });
    expect((await ownerOf(accountId, 'num-1')).ownerId).toBe('erin');
    expect((await ownerOf(accountId, 'team-1')).members).toEqual(['erin']); // R5: last member replaced
  });

  it('falls back to the account owner when the manager is not an active user', async () => {
    const accountId = await givenAccount({ resources: OWNS });
    await terminate(accountId, { managerEmail: `gus@${accountId}.test` }); // gus is INACTIVE

    expect(await waitForRemoval(api.call, await danRemoval(accountId), 'amir')).toMatchObject({ status: 'COMPLETED' });
    expect((await ownerOf(accountId, 'num-1')).ownerId).toBe('olivia');
  });
});

describe('R11 waiting for an admin decision', () => {
  const awaiting = async (accountId: string) => {
    const url = await danRemoval(accountId);
    // Authorize and the plan run first: seconds on a busy machine (the bound, not a timing).
    return eventually(async () => {
      const removal = (await api.call('GET', url, { as: 'amir' })).body;
      expect(removal.status).toBe('AWAITING_DECISION');
      return { url, removal };
    }, 30_000);
  };

  it('waits when no target resolves, refuses an invalid decision, then completes with the decided target', async () => {
    // No manager, and the account's fallback user is INACTIVE.
    const accountId = await givenAccount({ resources: OWNS, fallbackUserId: 'gus' });
    await terminate(accountId);
    const { url } = await awaiting(accountId);
    expect((await stores().users.getUser(accountId, 'dan'))?.status).toBe('REMOVING'); // access ended when it started (R6)

    const invalid = await api.call('POST', `${url}/decision`, { as: 'amir', body: { reassignTo: 'gus' } });
    expect(invalid.body).toMatchObject({ status: 409, code: 'INVALID_REASSIGNMENT_TARGET' });
    const decided = await api.call('POST', `${url}/decision`, { as: 'amir', body: { reassignTo: 'bea' } });
    expect(decided).toMatchObject({ status: 202, body: { status: 'RUNNING' } });
    expect((await api.call('POST', `${url}/decision`, { as: 'amir', body: { reassignTo: 'bea' } })).body.code).toBe(
      'NOT_AWAITING_DECISION',
    );

    expect(await waitForRemoval(api.call, url, 'amir')).toMatchObject({ status: 'COMPLETED' });
    expect((await ownerOf(accountId, 'num-1')).ownerId).toBe('bea');
  });

  it('fails, publishes RemovalFailed and leaves the user INACTIVE (R13) when nobody decides in 7 days (scaled); a late decision or cancel is a 409', async () => {
    const accountId = await givenAccount({ resources: OWNS, fallbackUserId: 'gus' });
    await terminate(accountId);
    const { url } = await awaiting(accountId);
    const removalId = url.split('/').pop()!;

    const ended = await waitForRemoval(api.call, url, 'amir');

    expect(ended).toMatchObject({ status: 'FAILED', failure: { code: 'States.Timeout' } });
    expect(api.runtime.stepFunctions.describeExecution(removalId)?.status).toBe('FAILED'); // caught, not TIMED_OUT
    // R13 fail closed: the terminated employee does not get access back; still owns what it owned.
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'INACTIVE' });
    expect((await ownerOf(accountId, 'num-1')).ownerId).toBe('dan');
    expect(
      api.runtime.bus.events({ detailType: 'RemovalFailed' }).filter((e) => e.detail.removalId === removalId),
    ).toHaveLength(1);
    const late = await api.call('POST', `${url}/decision`, { as: 'amir', body: { reassignTo: 'bea' } });
    expect(late).toMatchObject({ status: 409, body: { code: 'NOT_AWAITING_DECISION' } });
    expect((await api.call('DELETE', url, { as: 'amir' })).body).toMatchObject({
      status: 409,
      code: 'NOT_CANCELLABLE',
    });
  });

  it('an admin cancelling a waiting removal gives the user back', async () => {
    const accountId = await givenAccount({ resources: OWNS, fallbackUserId: 'gus' });
    await terminate(accountId);
    const { url } = await awaiting(accountId);

    const cancelled = await api.call('DELETE', url, { as: 'amir' });

    expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
    await eventually(async () =>
      expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'ACTIVE' }),
    );
    expect((await api.call('GET', url, { as: 'amir' })).body.status).toBe('CANCELLED');
    expect(api.runtime.stepFunctions.describeExecution(url.split('/').pop()!)?.status).toBe('SUCCEEDED');
  });

  it('publishes RemovalCancelled with the user given back, not before (consumers read the user when it arrives)', async () => {
    const accountId = await givenAccount({ resources: OWNS, fallbackUserId: 'gus' });
    await terminate(accountId);
    const { url } = await awaiting(accountId);
    const removalId = url.split('/').pop()!;
    // Hold the compensation's transaction (the one that gives dan back) until released.
    const compensation = pauseBefore({
      command: 'TransactWriteItemsCommand',
      when: (input) => JSON.stringify(input).includes(`${removalId}.released`),
    });
    const outboxItem = () =>
      dynamoDocumentClient().send(
        new GetCommand({ TableName: testTableName(), Key: { pk: `OUTBOX#${removalId}.cancelled`, sk: 'OUTBOX' } }),
      );
    try {
      expect((await api.call('DELETE', url, { as: 'amir' })).body).toMatchObject({ status: 'CANCELLED' });

      expect((await stores().users.getUser(accountId, 'dan'))?.status).toBe('REMOVING');
      expect((await outboxItem()).Item).toBeUndefined();
    } finally {
      compensation.release();
      compensation.remove();
    }
    await eventually(async () => expect((await outboxItem()).Item).toBeDefined());
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({ status: 'ACTIVE' });
    await eventually(() =>
      expect(
        api.runtime.bus.events({ detailType: 'RemovalCancelled' }).filter((e) => e.detail.removalId === removalId),
      ).toEqual([
        expect.objectContaining({
          detail: expect.objectContaining({ userId: 'dan', cancelledBy: { type: 'USER', id: 'amir' } }),
        }),
      ]),
    );
  });
});
