// The help article's flow over HTTP: preview → remove → poll → COMPLETED → user 404 → seat
// available → exactly one UserRemoved on /local/events.
import { describe, expect, it } from 'vitest';
import { UserRemoved } from '#core/events/user-removed.ts';
import { givenAccount } from '../support/accounts.ts';
import { apiClient, useApiRuntime, waitForRemoval } from '../support/api.ts';
import { injectFault, pauseBefore } from '../support/faults.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);

const RESOURCES = [
  { type: 'PHONE_NUMBER' as const, id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
  { type: 'CALL_FLOW' as const, id: 'flow-1', name: 'Support IVR', ownerId: 'dan' },
  { type: 'TEAM' as const, id: 'team-1', name: 'Support', ownerId: 'dan', members: ['dan', 'erin'] },
  { type: 'ROUTING_RULE' as const, id: 'rule-1', name: 'Weekend', ownerId: 'amir', members: ['dan', 'gus'] },
];

describe('R4 R5 R7 R8 R10 removing a user over HTTP', () => {
  it('previews exactly what the workflow then does, completes, frees the seat and emits one UserRemoved', async () => {
    const accountId = await givenAccount({ resources: RESOURCES, plan: 'SWIFT', billingCycleDay: 1 });
    const base = `/v1/accounts/${accountId}`;
    const seatsBefore = (await call('GET', `${base}/seats`, { as: 'amir' })).body;

    const preview = (await call('GET', `${base}/users/dan/removal-preview`, { as: 'amir' })).body;
    expect(preview).toMatchObject({
      userId: 'dan',
      canRemove: false,
      blockers: [{ code: 'RESOURCES_NEED_REASSIGNMENT', message: expect.any(String) }],
      seat: { released: true, billingEffectiveOn: expect.stringMatching(/-01$/) },
    });
    expect(preview.ownedResources.map((r: { id: string }) => r.id).sort()).toEqual(['flow-1', 'num-1', 'team-1']);
    expect(preview.memberships).toEqual(
      expect.arrayContaining([
        { type: 'ROUTING_RULE', id: 'rule-1', name: 'Weekend', lastActiveMember: true },
        { type: 'TEAM', id: 'team-1', name: 'Support', lastActiveMember: false },
      ]),
    );
    expect(preview.confirmationText).toContain('Dan Member');

    const accepted = await call('POST', `${base}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignTo: 'bea', reason: 'Left the company' },
      headers: { 'idempotency-key': 'remove-dan-1', 'x-correlation-id': 'corr-123' },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      status: 'RUNNING',
      statusUrl: `${base}/removals/${accepted.body.removalId}`,
    });
    expect(accepted.headers.get('location')).toBe(accepted.body.statusUrl);
    expect(accepted.headers.get('x-correlation-id')).toBe('corr-123');
    const replay = await call('POST', `${base}/users/dan/removal`, {
      as: 'amir',
      body: { reason: 'Left the company', reassignTo: 'bea', confirm: true },
      headers: { 'idempotency-key': 'remove-dan-1' },
    });
    expect(replay.body.removalId).toBe(accepted.body.removalId);

    const removal = await waitForRemoval(call, accepted.body.statusUrl, 'amir');

    expect(removal).toMatchObject({
      status: 'COMPLETED',
      userId: 'dan',
      requestedBy: { type: 'USER', id: 'amir' },
      failure: null,
    });
    // The preview named exactly what was reassigned and replaced.
    expect(removal.reassignments.map((r: { resourceId: string }) => r.resourceId).sort()).toEqual(
      preview.ownedResources.map((r: { id: string }) => r.id).sort(),
    );
    expect((await call('GET', `${base}/users/dan`, { as: 'amir' })).status).toBe(404);
    const seatsAfter = (await call('GET', `${base}/seats`, { as: 'amir' })).body;
    expect(seatsAfter).toMatchObject({
      plan: 'SWIFT',
      limit: 10,
      used: seatsBefore.used - 1,
      available: seatsBefore.available + 1,
    });
    expect(seatsAfter.pendingAdjustments).toEqual([
      { effectiveOn: preview.seat.billingEffectiveOn, seats: -1, removalId: removal.removalId },
    ]);
    const resources = (await call('GET', `${base}/resources?ownerId=bea`, { as: 'amir' })).body.resources;
    expect(resources.map((r: { id: string }) => r.id).sort()).toEqual(['flow-1', 'num-1', 'team-1']);
    const rule = (await call('GET', `${base}/resources`, { as: 'amir' })).body.resources.find(
      (r: { id: string }) => r.id === 'rule-1',
    );
    expect(rule.members.sort()).toEqual(['bea', 'gus']);

    const events = (await (await fetch(`${api.runtime.bus.endpoint}/local/events?detail-type=UserRemoved`)).json()) as {
      events: { detail: { removalId: string } }[];
    };
    const mine = events.events.filter((e) => e.detail.removalId === removal.removalId);
    expect(mine).toHaveLength(1);
    expect(UserRemoved.parse(mine[0]?.detail)).toMatchObject({
      displayName: 'Dan Member',
      reason: 'Left the company',
      reassignments: { total: 3 },
    });
    expect(api.runtime.stepFunctions.describeExecution(removal.removalId)?.input).toMatchObject({
      correlationId: 'corr-123',
    });

    const listed = (await call('GET', `${base}/removals?status=COMPLETED`, { as: 'amir' })).body.removals;
    expect(listed.map((r: { removalId: string }) => r.removalId)).toEqual([removal.removalId]);
    const audit = (await call('GET', `${base}/audit-log?limit=2`, { as: 'amir' })).body;
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['USER_REMOVED', 'RESOURCE_REASSIGNED']);
    const older = (await call('GET', `${base}/audit-log?limit=2&cursor=${audit.nextCursor}`, { as: 'amir' })).body;
    expect(older.entries.map((e: { action: string }) => e.action)).toEqual(['REMOVAL_REQUESTED']);
    const calls = (await call('GET', `${base}/call-logs?userId=dan`, { as: 'amir' })).body;
    expect(calls).toEqual({ calls: [], nextCursor: null });
  });
});

describe('tenant isolation', () => {
  it('an admin of account A gets 403 on every route of account B, and B is unchanged', async () => {
    const { accountSnapshot } = await import('../support/accounts.ts');
    const accountA = await givenAccount();
    const accountB = await givenAccount({ resources: RESOURCES });
    const stranger = (
      await call('POST', `/v1/accounts/${accountA}/users`, {
        as: 'amir',
        body: { email: 'x@a.test', displayName: 'X', role: 'ADMIN' },
      })
    ).body.userId;
    const before = await accountSnapshot(accountB);
    const b = `/v1/accounts/${accountB}`;
    const attempts: [string, string, unknown?][] = [
      ['GET', `${b}/users`],
      ['GET', `${b}/users/dan`],
      ['POST', `${b}/users`, { email: 'y@b.test', displayName: 'Y', role: 'ADMIN' }],
      ['GET', `${b}/users/dan/removal-preview`],
      ['POST', `${b}/users/dan/removal`, { confirm: true, reassignTo: 'bea' }],
      ['GET', `${b}/removals`],
      ['GET', `${b}/removals/rm-x`],
      ['DELETE', `${b}/removals/rm-x`],
      ['POST', `${b}/removals/rm-x/decision`, {}],
      ['POST', `${b}/users/dan/deactivate`],
      ['POST', `${b}/users/gus/activate`],
      ['POST', `${b}/ownership-transfer`, { newOwnerId: 'amir' }],
      ['GET', `${b}/resources`],
      ['GET', `${b}/call-logs`],
      ['GET', `${b}/audit-log`],
      ['GET', `${b}/seats`],
      ['POST', `${b}/api-tokens`, { name: 'steal' }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(method, path, { as: stranger, ...(body !== undefined ? { body } : {}) });
      expect({ method, path, status: response.status, code: response.body.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'NOT_ALLOWED',
      });
    }
    expect(await accountSnapshot(accountB)).toBe(before);
  });
});

describe('R6 access ends with the 202, not when the workflow gets to it', () => {
  const isTakingTheUser = (input: any) =>
    String(
      input?.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':removing']?.S ??
        input?.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':removing'],
    ) === 'REMOVING';

  it('refuses the user from the 202 on while Authorize has not run yet, and R13 keeps them out (INACTIVE) if the removal fails', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}`;
    // Authorize's write (user → REMOVING) is held: only the API's acceptance has happened.
    const hold = pauseBefore({ command: 'TransactWriteItemsCommand', when: isTakingTheUser });
    const fault = injectFault({
      command: 'TransactWriteItemsCommand',
      when: isTakingTheUser,
      at: 'before',
      error: () => Object.assign(new Error('rejected (injected)'), { name: 'ValidationException' }),
    });
    try {
      const accepted = await call('POST', `${base}/users/farah/removal`, { as: 'amir', body: { confirm: true } });
      expect(accepted.status).toBe(202);

      expect((await call('GET', `${base}/users`, { as: 'farah' })).body).toMatchObject({
        status: 401,
        code: 'ACCESS_REVOKED',
      });
      expect((await call('GET', `${base}/users/farah`, { as: 'amir' })).body.status).toBe('ACTIVE');

      hold.release(); // Authorize then fails for good: compensated, the removal FAILED
      const ended = await waitForRemoval(call, accepted.body.statusUrl, 'amir');
      expect(ended.status).toBe('FAILED');
    } finally {
      hold.remove();
      fault.remove();
    }
    // R13 fail closed: a failure never gives access back; an admin may Activate.
    expect((await call('GET', `${base}/users`, { as: 'farah' })).body).toMatchObject({ code: 'ACCESS_REVOKED' });
    expect((await call('GET', `${base}/users/farah`, { as: 'amir' })).body.status).toBe('INACTIVE');
    await call('POST', `${base}/users/farah/activate`, { as: 'amir' });
    expect((await call('GET', `${base}/users`, { as: 'farah' })).status).toBe(200);
  });
});
