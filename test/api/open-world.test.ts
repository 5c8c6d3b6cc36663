// The help article from an account that has only its owner, through the API alone (R1, R4, R5,
// R7, R12): invite users, promote an admin, create a number, a call flow, a team and a routing
// rule, give them owners and members, record calls, then remove a user with reassignment — the
// resources move, the rotations stay staffed, the history stays attributed, and every step is
// audited and announced.
import { describe, expect, it } from 'vitest';
import { parseFixture, type FixtureAccount } from '#core/fixture.ts';
import { seedAccount } from '#adapters/dynamodb/seed-writer.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { uniqueId } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';
import { eventually } from '../support/eventually.ts';
import { apiClient, useApiRuntime, waitForRemoval } from '../support/api.ts';

const api = useApiRuntime();
const call: ReturnType<typeof apiClient> = (...args) => api.call(...args);

/** An account as `offboard bootstrap` leaves it: the account and its owner, nothing else. */
async function givenOwnerOnlyAccount() {
  const accountId = uniqueId('acct');
  const ownerId = `owner-${accountId}`;
  const fixture = parseFixture({
    accounts: [
      {
        accountId,
        name: 'Fresh Co',
        plan: 'SWIFT',
        billingCycleDay: 1,
        users: [{ userId: ownerId, email: `olivia@${accountId}.test`, displayName: 'Olivia Owner', role: 'OWNER' }],
      },
    ],
  });
  await seedAccount(dynamoDocumentClient(), testTableName(), fixture.accounts[0] as FixtureAccount);
  return { accountId, ownerId };
}

describe('R1 R4 R5 R7 R12 the whole article through the API, from an account with only its owner', () => {
  it('invites, promotes, creates and staffs resources, records calls, and removes a user with reassignment', async () => {
    const { accountId, ownerId } = await givenOwnerOnlyAccount();
    const base = `/v1/accounts/${accountId}`;
    const asOwner = { as: ownerId };
    const invite = async (name: string, role: 'ADMIN' | 'MEMBER') => {
      const answer = await call('POST', `${base}/users`, {
        ...asOwner,
        body: { email: `${name.toLowerCase()}@${accountId}.test`, displayName: name, role },
      });
      expect(answer.status).toBe(201);
      return answer.body.userId as string;
    };

    // Users: an admin by invitation, two agents, one of them promoted.
    const amir = await invite('Amir', 'ADMIN');
    const dan = await invite('Dan', 'MEMBER');
    const erin = await invite('Erin', 'MEMBER');
    const promoted = await call('PATCH', `${base}/users/${erin}`, { as: amir, body: { role: 'ADMIN' } });
    expect(promoted).toMatchObject({ status: 200, body: { role: 'ADMIN' } });

    // What people own and where they take calls.
    const create = async (body: Record<string, unknown>) => {
      const answer = await call('POST', `${base}/resources`, { as: amir, body });
      expect(answer.status).toBe(201);
      return answer.body as { type: string; id: string };
    };
    const number = await create({ type: 'PHONE_NUMBER', name: '+1 555 0100 Support line', ownerId: dan });
    const flow = await create({ type: 'CALL_FLOW', name: 'Support menu', ownerId: dan });
    const team = await create({ type: 'TEAM', name: 'Support', ownerId: amir, members: [dan] });
    const rule = await create({ type: 'ROUTING_RULE', name: 'Spanish callers', ownerId: dan, members: [dan] });
    expect((await call('PUT', `${base}/resources/TEAM/${team.id}/members/${erin}`, { as: amir })).status).toBe(200);

    // The platform records Dan's calls.
    const platform = await call('POST', `${base}/platform-tokens`, { as: amir, body: { name: 'Telephony' } });
    const recorded = await call('POST', '/platform/v1/calls', {
      authorization: `Bearer ${platform.body.token}`,
      body: {
        calls: [
          {
            callId: 'call-1',
            userId: dan,
            startedAt: '2026-12-01T09:00:00Z',
            durationSeconds: 95,
            direction: 'INBOUND',
          },
          {
            callId: 'call-2',
            userId: dan,
            startedAt: '2026-12-01T10:00:00Z',
            durationSeconds: 30,
            direction: 'OUTBOUND',
          },
        ],
      },
    });
    expect(recorded.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['recorded', 'recorded']);

    // The article: the preview shows what Dan holds; Dan is removed, everything to Erin.
    const preview = (await call('GET', `${base}/users/${dan}/removal-preview`, { as: amir })).body;
    expect(preview.ownedResources.map((r: { id: string }) => r.id).sort()).toEqual(
      [number.id, flow.id, rule.id].sort(),
    );
    expect(preview.memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: team.id, lastActiveMember: false }),
        expect.objectContaining({ id: rule.id, lastActiveMember: true }),
      ]),
    );
    const accepted = await call('POST', `${base}/users/${dan}/removal`, {
      as: amir,
      body: { confirm: true, reassignTo: erin, reason: 'Left the company' },
    });
    // Nothing more is handed to Dan once his removal is accepted (R12).
    const lateGift = await call('POST', `${base}/resources`, {
      as: amir,
      body: { type: 'CALL_FLOW', name: 'Late', ownerId: dan },
    });
    expect(lateGift).toMatchObject({ status: 409, body: { code: 'INVALID_OWNER' } });
    const removal = await waitForRemoval(call, accepted.body.statusUrl, amir);
    expect(removal.status).toBe('COMPLETED');

    // Resources moved, rotations staffed (R4, R5), history attributed (R7).
    const erinOwns = (await call('GET', `${base}/resources?ownerId=${erin}`, { as: erin })).body.resources;
    expect(erinOwns.map((r: { id: string }) => r.id).sort()).toEqual([number.id, flow.id, rule.id].sort());
    expect((await call('GET', `${base}/resources/ROUTING_RULE/${rule.id}`, { as: erin })).body.members).toEqual([erin]);
    expect((await call('GET', `${base}/resources/TEAM/${team.id}`, { as: erin })).body.members).toEqual([erin]);
    expect((await call('GET', `${base}/users/${dan}`, { as: erin })).status).toBe(404);
    const calls = (await call('GET', `${base}/call-logs?userId=${dan}`, { as: erin })).body.calls;
    expect(calls.map((c: { callId: string; userDisplayName: string }) => [c.callId, c.userDisplayName])).toEqual([
      ['call-2', 'Dan'],
      ['call-1', 'Dan'],
    ]);

    // Every step audited and announced.
    const audit: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: { action: string }[]; nextCursor: string | null } = (
        await call('GET', `${base}/audit-log?limit=100${cursor ? `&cursor=${cursor}` : ''}`, asOwner)
      ).body;
      audit.push(...page.entries.map((e: { action: string }) => e.action));
      cursor = page.nextCursor;
    } while (cursor);
    const count = (action: string) => audit.filter((a) => a === action).length;
    expect([
      count('USER_ADDED'),
      count('USER_UPDATED'),
      count('RESOURCE_CREATED'),
      count('MEMBERSHIP_CHANGED'),
      count('PLATFORM_TOKEN_CREATED'),
      count('REMOVAL_REQUESTED'),
      count('USER_REMOVED'),
    ]).toEqual([3, 1, 4, 1, 1, 1, 1]);
    const eventsOf = (detailType: string) =>
      api.runtime.bus.events({ detailType }).filter((e) => e.detail.accountId === accountId);
    await eventually(() => expect(eventsOf('UserRemoved')).toHaveLength(1));
    expect([
      eventsOf('UserAdded').length,
      eventsOf('UserUpdated').length,
      eventsOf('ResourceCreated').length,
      eventsOf('MembershipChanged').length,
    ]).toEqual([3, 1, 4, 1]);
    expect(eventsOf('UserRemoved')[0]!.detail).toMatchObject({
      userId: dan,
      reassignments: { total: 3 },
      memberships: { replacedBy: [{ resourceType: 'ROUTING_RULE', resourceId: rule.id, toUserId: erin }] },
    });
  });
});
