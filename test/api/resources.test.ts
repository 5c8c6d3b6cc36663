// Numbers, call flows, teams and routing rules through the API (R12, R5 outside a removal, R1):
// created, listed a page at a time, handed over, deleted, rotations staffed — audited and announced.
import { describe, expect, it } from 'vitest';
import { ResourceReassigned, MembershipChanged, ResourceDeleted } from '#core/events/resource-events.ts';
import { givenAccount, stores } from '../support/accounts.ts';
import { eventually } from '../support/eventually.ts';
import { apiClient, useApiRuntime, waitForRemoval } from '../support/api.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);
const eventsFor = (detailType: string, accountId: string) =>
  api.runtime.bus.events({ detailType }).filter((e) => e.detail.accountId === accountId);
const counts = async (accountId: string, userId: string) => {
  const user = await stores().users.getUser(accountId, userId);
  return { owned: user?.ownedCount ?? 0, members: user?.memberCount ?? 0 };
};

describe('R12 an admin creates resources and lists them a page at a time', () => {
  it('creates a number, a call flow, a team with members and a routing rule, each given to an ACTIVE user', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}/resources`;

    const number = await call('POST', base, {
      as: 'amir',
      body: { type: 'PHONE_NUMBER', name: '+1 555 0100 Support line', ownerId: 'erin' },
    });
    const flow = await call('POST', base, {
      as: 'amir',
      body: { type: 'CALL_FLOW', name: 'After hours', ownerId: 'erin' },
    });
    const team = await call('POST', base, {
      as: 'amir',
      body: { type: 'TEAM', name: 'Support', ownerId: 'amir', members: ['dan', 'erin'] },
    });
    const rule = await call('POST', base, {
      as: 'bea',
      body: { type: 'ROUTING_RULE', name: 'Spanish callers', ownerId: 'bea', members: ['farah'] },
    });

    expect(number).toMatchObject({
      status: 201,
      body: { type: 'PHONE_NUMBER', name: '+1 555 0100 Support line', ownerId: 'erin', members: [] },
    });
    expect(number.headers.get('location')).toBe(`${base}/PHONE_NUMBER/${number.body.id}`);
    expect([flow.status, team.status, rule.status]).toEqual([201, 201, 201]);
    expect(team.body.members).toEqual(['dan', 'erin']);
    expect(await counts(accountId, 'erin')).toEqual({ owned: 2, members: 1 });
    expect(await counts(accountId, 'dan')).toEqual({ owned: 0, members: 1 });
    expect((await call('GET', `${base}/TEAM/${team.body.id}`, { as: 'dan' })).body).toEqual(team.body);
    expect(
      (await call('GET', `${base}?ownerId=erin`, { as: 'dan' })).body.resources.map((r: { id: string }) => r.id).sort(),
    ).toEqual([number.body.id, flow.body.id].sort());
    expect((await call('GET', `${base}?memberId=dan`, { as: 'dan' })).body).toEqual({
      resources: [team.body],
      nextCursor: null,
    });
    expect((await call('GET', `${base}?type=ROUTING_RULE`, { as: 'dan' })).body.resources).toEqual([rule.body]);
    const audit = (await call('GET', `/v1/accounts/${accountId}/audit-log`, { as: 'amir' })).body.entries;
    expect(audit.filter((e: { action: string }) => e.action === 'RESOURCE_CREATED')).toHaveLength(4);
  });

  it('pages with limit and cursor, keeps unassigned numbers in the pool (ownerId=none), refuses a forged cursor', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}/resources`;
    for (const n of [1, 2, 3])
      await call('POST', base, { as: 'amir', body: { type: 'PHONE_NUMBER', name: `+1 555 010${n}`, ownerId: 'dan' } });
    const pooled = await call('POST', base, {
      as: 'amir',
      body: { type: 'PHONE_NUMBER', name: '+1 555 0199', ownerId: null },
    });

    const first = (await call('GET', `${base}?type=PHONE_NUMBER&limit=3`, { as: 'dan' })).body;
    const second = (await call('GET', `${base}?type=PHONE_NUMBER&limit=3&cursor=${first.nextCursor}`, { as: 'dan' }))
      .body;
    const pool = (await call('GET', `${base}?ownerId=none`, { as: 'dan' })).body;
    const otherAccount = await givenAccount();
    const forged = await call(
      'GET',
      `/v1/accounts/${otherAccount}/resources?type=PHONE_NUMBER&cursor=${first.nextCursor}`,
      {
        as: 'amir',
      },
    );

    expect(first.resources).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(second).toEqual({ resources: [expect.objectContaining({ type: 'PHONE_NUMBER' })], nextCursor: null });
    expect(new Set([...first.resources, ...second.resources].map((r: { id: string }) => r.id)).size).toBe(4);
    expect(pool.resources).toEqual([pooled.body]);
    expect(pooled.body.ownerId).toBe(null);
    expect(forged).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('searches a type by the start of the name, case-insensitively, by name a page at a time; follows a rename and a delete', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}/resources`;
    const create = async (type: string, name: string) =>
      (await call('POST', base, { as: 'amir', body: { type, name, ownerId: 'dan' } })).body as { id: string };
    const support = [];
    for (const name of ['Support EMEA', 'support Americas', 'SUPPORT APAC', 'Support nights'])
      support.push(await create('CALL_FLOW', name));
    const sales = await create('CALL_FLOW', 'Sales');
    await create('TEAM', 'Support team'); // another type: never in a search of call flows
    const search = async (q: string, cursor?: string) =>
      (
        await call(
          'GET',
          `${base}?type=CALL_FLOW&q=${encodeURIComponent(q)}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          { as: 'dan' },
        )
      ).body as { resources: { id: string; name: string }[]; nextCursor: string | null };
    const names = (page: { resources: { name: string }[] }) => page.resources.map((r) => r.name);

    const first = await search('sUpPoRt');
    const second = await search('sUpPoRt', first.nextCursor!);
    expect(names(first)).toEqual(['support Americas', 'SUPPORT APAC', 'Support EMEA']);
    expect(second).toEqual({ resources: [expect.objectContaining({ name: 'Support nights' })], nextCursor: null });
    expect(names(await search('sales'))).toEqual(['Sales']);
    expect(names(await search('nobody'))).toEqual([]);

    // A rename moves it in the index; a delete takes it out.
    await call('PATCH', `${base}/CALL_FLOW/${sales.id}`, { as: 'amir', body: { name: 'Support sales' } });
    await call('DELETE', `${base}/CALL_FLOW/${support[3]!.id}`, { as: 'amir' });
    expect(names(await search('sales'))).toEqual([]);
    const after = await search('support');
    const rest = await search('support', after.nextCursor!);
    expect([...names(after), ...names(rest)]).toEqual([
      'support Americas',
      'SUPPORT APAC',
      'Support EMEA',
      'Support sales',
    ]);

    // A search needs its type and filters by nothing else; a cursor of another search is refused.
    const refusals = await Promise.all([
      call('GET', `${base}?q=support`, { as: 'dan' }),
      call('GET', `${base}?type=CALL_FLOW&q=support&ownerId=dan`, { as: 'dan' }),
      call('GET', `${base}?type=CALL_FLOW&q=sales&cursor=${first.nextCursor}`, { as: 'dan' }),
    ]);
    for (const refusal of refusals) expect(refusal).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses what does not fit: a flow without an owner, members of a number, a number that is no number, a MEMBER (403)', async () => {
    const accountId = await givenAccount();
    const base = `/v1/accounts/${accountId}/resources`;

    const answers = await Promise.all([
      call('POST', base, { as: 'amir', body: { type: 'CALL_FLOW', name: 'IVR', ownerId: null } }),
      call('POST', base, {
        as: 'amir',
        body: { type: 'PHONE_NUMBER', name: '+1 555 0100', ownerId: 'dan', members: ['erin'] },
      }),
      call('POST', base, { as: 'amir', body: { type: 'PHONE_NUMBER', name: 'Support', ownerId: 'dan' } }),
      call('POST', base, { as: 'amir', body: { type: 'TEAM', name: 'T', ownerId: 'dan', colour: 'red' } }),
      call('POST', base, { as: 'dan', body: { type: 'TEAM', name: 'Mine', ownerId: 'dan' } }),
      call('POST', base, { as: 'amir', body: { type: 'TEAM', name: 'Gus team', ownerId: 'gus' } }),
      call('POST', base, { as: 'amir', body: { type: 'TEAM', name: 'Ghosts', ownerId: 'amir', members: ['nobody'] } }),
    ]);

    expect(answers.map((a) => [a.status, a.body.code])).toEqual([
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [400, 'VALIDATION_FAILED'],
      [403, 'NOT_ALLOWED'],
      [409, 'INVALID_OWNER'],
      [409, 'INVALID_OWNER'],
    ]);
    expect(answers[5]!.body.userIds).toEqual(['gus']);
    expect((await call('GET', base, { as: 'amir' })).body.resources).toEqual([]);
    expect(await counts(accountId, 'dan')).toEqual({ owned: 0, members: 0 });
  });
});

describe('R12 hand-overs outside a removal are exact, audited and announced', () => {
  it('hands a number to another ACTIVE user, to the pool and back; refuses an INACTIVE one and a flow to the pool', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
        { type: 'CALL_FLOW', id: 'flow-1', name: 'Main menu', ownerId: 'dan' },
      ],
    });
    const number = `/v1/accounts/${accountId}/resources/PHONE_NUMBER/num-1`;

    const toErin = await call('PATCH', number, {
      as: 'amir',
      body: { ownerId: 'erin', name: '+1 555 0001 Front desk' },
    });
    const toGus = await call('PATCH', number, { as: 'amir', body: { ownerId: 'gus' } });
    const flowToPool = await call('PATCH', `/v1/accounts/${accountId}/resources/CALL_FLOW/flow-1`, {
      as: 'amir',
      body: { ownerId: null },
    });
    const toPool = await call('PATCH', number, { as: 'amir', body: { ownerId: null } });

    expect(toErin).toMatchObject({ status: 200, body: { ownerId: 'erin', name: '+1 555 0001 Front desk' } });
    expect(toGus).toMatchObject({ status: 409, body: { code: 'INVALID_OWNER', userIds: ['gus'] } });
    expect(flowToPool).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(toPool).toMatchObject({ status: 200, body: { ownerId: null } });
    expect([await counts(accountId, 'dan'), await counts(accountId, 'erin'), await counts(accountId, 'gus')]).toEqual([
      { owned: 1, members: 0 },
      { owned: 0, members: 0 },
      { owned: 0, members: 0 },
    ]);
    await eventually(() => expect(eventsFor('ResourceReassigned', accountId)).toHaveLength(2));
    expect(
      eventsFor('ResourceReassigned', accountId)
        .map((e) => ResourceReassigned.parse(e.detail))
        .map(({ fromUserId, toUserId, by }) => ({ fromUserId, toUserId, by: by.id })),
    ).toEqual(
      expect.arrayContaining([
        { fromUserId: 'dan', toUserId: 'erin', by: 'amir' },
        { fromUserId: 'erin', toUserId: null, by: 'amir' },
      ]),
    );
    const audit = (await call('GET', `/v1/accounts/${accountId}/audit-log`, { as: 'amir' })).body.entries;
    expect(
      audit
        .filter((e: { action: string }) => e.action === 'RESOURCE_REASSIGNED')
        .map((e: { details: unknown }) => e.details),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fromUserId: 'dan', toUserId: 'erin', previousName: '+1 555 0001' }),
      ]),
    );
  });

  it('deletes a team: 204, its owner and members no longer hold it, then 404; ResourceDeleted', async () => {
    const accountId = await givenAccount({
      resources: [{ type: 'TEAM', id: 'team-1', name: 'Sales', ownerId: 'amir', members: ['dan', 'erin'] }],
    });
    const team = `/v1/accounts/${accountId}/resources/TEAM/team-1`;

    const deleted = await call('DELETE', team, { as: 'bea' });
    const again = await call('DELETE', team, { as: 'bea' });

    expect(deleted.status).toBe(204);
    expect(again).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await call('GET', team, { as: 'dan' })).status).toBe(404);
    expect([await counts(accountId, 'amir'), await counts(accountId, 'dan')]).toEqual([
      { owned: 0, members: 0 },
      { owned: 0, members: 0 },
    ]);
    expect((await stores().users.getUser(accountId, 'erin'))?.memberOf).toEqual({});
    await eventually(() => expect(eventsFor('ResourceDeleted', accountId)).toHaveLength(1));
    expect(ResourceDeleted.parse(eventsFor('ResourceDeleted', accountId)[0]!.detail)).toMatchObject({
      resourceType: 'TEAM',
      resourceId: 'team-1',
      ownerId: 'amir',
      members: ['dan', 'erin'],
    });
  });
});

describe('R5 a rotation keeps someone who takes its calls', () => {
  it('adds members idempotently and never removes the last ACTIVE one (LAST_ACTIVE_MEMBER); MembershipChanged', async () => {
    const accountId = await givenAccount({
      resources: [{ type: 'ROUTING_RULE', id: 'rule-1', name: 'VIP', ownerId: 'amir', members: ['dan', 'gus'] }],
    });
    const members = `/v1/accounts/${accountId}/resources/ROUTING_RULE/rule-1/members`;

    const lastActive = await call('DELETE', `${members}/dan`, { as: 'amir' });
    const addErin = await call('PUT', `${members}/erin`, { as: 'amir' });
    const addErinAgain = await call('PUT', `${members}/erin`, { as: 'amir' });
    const addGus = await call('PUT', `${members}/gus`, { as: 'amir' });
    const removeDan = await call('DELETE', `${members}/dan`, { as: 'amir' });
    const removeInactiveGus = await call('DELETE', `${members}/gus`, { as: 'amir' });
    const lastNow = await call('DELETE', `${members}/erin`, { as: 'amir' });
    const ofANumber = await call('PUT', `/v1/accounts/${accountId}/resources/PHONE_NUMBER/x/members/dan`, {
      as: 'amir',
    });

    expect(lastActive).toMatchObject({ status: 409, body: { code: 'LAST_ACTIVE_MEMBER', userId: 'dan' } });
    expect(addErin).toMatchObject({ status: 200, body: { members: ['dan', 'erin', 'gus'] } });
    expect(addErinAgain.body).toEqual(addErin.body);
    expect(addGus.body.members).toEqual(['dan', 'erin', 'gus']); // already in: unchanged
    expect(removeDan).toMatchObject({ status: 200, body: { members: ['erin', 'gus'] } });
    expect(removeInactiveGus).toMatchObject({ status: 200, body: { members: ['erin'] } });
    expect(lastNow).toMatchObject({ status: 409, body: { code: 'LAST_ACTIVE_MEMBER' } });
    expect(ofANumber).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect([await counts(accountId, 'dan'), await counts(accountId, 'erin'), await counts(accountId, 'gus')]).toEqual([
      { owned: 0, members: 0 },
      { owned: 0, members: 1 },
      { owned: 0, members: 0 },
    ]);
    await eventually(() => expect(eventsFor('MembershipChanged', accountId)).toHaveLength(3));
    expect(
      eventsFor('MembershipChanged', accountId)
        .map((e) => MembershipChanged.parse(e.detail))
        .map(({ userId, change }) => `${change} ${userId}`)
        .sort(),
    ).toEqual(['ADDED erin', 'REMOVED dan', 'REMOVED gus']);
  });
});

describe('R12 nothing is handed to a user being removed', () => {
  it('refuses an assignment to a user whose removal was accepted (INVALID_OWNER), and the removal completes with nothing left', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'erin' },
        { type: 'TEAM', id: 'team-1', name: 'Sales', ownerId: 'amir', members: ['erin'] },
      ],
    });
    const base = `/v1/accounts/${accountId}`;
    const accepted = await call('POST', `${base}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignTo: 'bea' },
    });

    const give = await call('PATCH', `${base}/resources/PHONE_NUMBER/num-1`, { as: 'amir', body: { ownerId: 'dan' } });
    const join = await call('PUT', `${base}/resources/TEAM/team-1/members/dan`, { as: 'amir' });
    const create = await call('POST', `${base}/resources`, {
      as: 'amir',
      body: { type: 'CALL_FLOW', name: 'Late', ownerId: 'dan' },
    });

    expect([give, join, create].map((a) => [a.status, a.body.code])).toEqual([
      [409, 'INVALID_OWNER'],
      [409, 'INVALID_OWNER'],
      [409, 'INVALID_OWNER'],
    ]);
    expect((await waitForRemoval(call, accepted.body.statusUrl, 'amir')).status).toBe('COMPLETED');
  });

  it('races an assignment against a removal: whichever commits first, the removed user is left holding nothing', async () => {
    for (let round = 0; round < 4; round++) {
      const accountId = await givenAccount({
        resources: [
          { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'erin' },
          { type: 'TEAM', id: 'team-1', name: 'Sales', ownerId: 'amir', members: ['erin'] },
        ],
      });
      const base = `/v1/accounts/${accountId}`;

      const [accepted, give, join] = await Promise.all([
        call('POST', `${base}/users/dan/removal`, { as: 'amir', body: { confirm: true, reassignTo: 'bea' } }),
        call('PATCH', `${base}/resources/PHONE_NUMBER/num-1`, { as: 'bea', body: { ownerId: 'dan' } }),
        call('PUT', `${base}/resources/TEAM/team-1/members/dan`, { as: 'bea' }),
      ]);

      expect([200, 409]).toContain(give.status);
      expect([200, 409]).toContain(join.status);
      if (accepted.status === 202) {
        expect((await waitForRemoval(call, accepted.body.statusUrl, 'amir')).status).toBe('COMPLETED');
        const number = (await call('GET', `${base}/resources/PHONE_NUMBER/num-1`, { as: 'amir' })).body;
        const team = (await call('GET', `${base}/resources/TEAM/team-1`, { as: 'amir' })).body;
        // Given before the removal took dan: handed on by it. Refused after: never dan's.
        expect(number.ownerId).toBe(give.status === 200 ? 'bea' : 'erin');
        expect(team.members).not.toContain('dan');
      } else {
        // The removal lost the race to an assignment only when its check saw dan hold nothing.
        expect(accepted.status).toBe(409);
      }
    }
  });
});

describe('R4 a removal may send a phone number to the pool', () => {
  it('hands the flow to the target and the number to the pool; UserRemoved lists it as pooled; a flow cannot go there', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: 'dan' },
        { type: 'CALL_FLOW', id: 'flow-1', name: 'Main menu', ownerId: 'dan' },
      ],
    });
    const base = `/v1/accounts/${accountId}`;

    const flowToPool = await call('POST', `${base}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignments: [{ resourceType: 'CALL_FLOW', resourceId: 'flow-1', toUserId: null }] },
    });
    const accepted = await call('POST', `${base}/users/dan/removal`, {
      as: 'amir',
      body: {
        confirm: true,
        reassignTo: 'bea',
        reassignments: [{ resourceType: 'PHONE_NUMBER', resourceId: 'num-1', toUserId: null }],
      },
    });
    const removal = await waitForRemoval(call, accepted.body.statusUrl, 'amir');

    expect(flowToPool).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(removal).toMatchObject({ status: 'COMPLETED' });
    expect(removal.reassignments).toEqual(
      expect.arrayContaining([
        { resourceType: 'PHONE_NUMBER', resourceId: 'num-1', fromUserId: 'dan', toUserId: null },
        { resourceType: 'CALL_FLOW', resourceId: 'flow-1', fromUserId: 'dan', toUserId: 'bea' },
      ]),
    );
    expect((await call('GET', `${base}/resources?ownerId=none`, { as: 'amir' })).body.resources).toEqual([
      { type: 'PHONE_NUMBER', id: 'num-1', name: '+1 555 0001', ownerId: null, members: [] },
    ]);
    expect(await counts(accountId, 'bea')).toEqual({ owned: 1, members: 0 });
    await eventually(() => expect(eventsFor('UserRemoved', accountId)).toHaveLength(1));
    expect(eventsFor('UserRemoved', accountId)[0]!.detail.reassignments).toMatchObject({
      total: 1,
      items: [{ resourceType: 'CALL_FLOW', resourceId: 'flow-1', toUserId: 'bea' }],
      pooled: [{ resourceType: 'PHONE_NUMBER', resourceId: 'num-1', fromUserId: 'dan' }],
    });
  });
});
