// Fuzzing every mutating endpoint with inputs its schema refuses (fast-check, 300 cases each):
// never a 5xx, always an RFC 9457 problem, and the account's data exactly as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as z from 'zod';
import type { LocalRuntime } from '#local/runtime.ts';
import * as schemas from '#functions/api/schemas.ts';
import { accountSnapshot, CAST, givenAccount, stores, allResources } from '../support/accounts.ts';
import { composition } from '#functions/shared/composition.ts';
import { apiClient, startApiRuntime } from '../support/api.ts';

// Per endpoint; the valid-request fuzz below reaches the use cases, so the refusals need fewer.
const CASES = 300;
let runtime: LocalRuntime;
let call: ReturnType<typeof apiClient>;
let accountId: string;
beforeAll(async () => {
  runtime = await startApiRuntime();
  call = apiClient(runtime);
  accountId = await givenAccount({ resources: [{ type: 'PHONE_NUMBER', id: 'num-1', name: 'n', ownerId: 'dan' }] });
});
afterAll(() => runtime?.stop());

const callers = fc.constantFrom('olivia', 'amir', 'erin');
const castIds = new Set(CAST.map((u) => u.userId));
/** Path ids that name nobody in the account (or are not even valid ids). */
const strangerId = fc
  .string({ minLength: 1, maxLength: 40 })
  .filter((id) => !castIds.has(id) && !id.includes('/') && id !== '.' && id !== '..');
const refusedBy = (schema: z.ZodType) => fc.jsonValue().filter((value) => !schema.safeParse(value).success);

async function expectRefusedWithoutChange(run: () => Promise<{ status: number; body: any }>) {
  const response = await run();
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.body).toMatchObject({ status: response.status, code: expect.any(String) });
}

const bodyEndpoints: [string, (id: string) => string, z.ZodType][] = [
  ['POST users', () => `/v1/accounts/${accountId}/users`, schemas.AddUserBody],
  ['POST removal', () => `/v1/accounts/${accountId}/users/dan/removal`, schemas.RemovalBody],
  ['POST decision', () => `/v1/accounts/${accountId}/removals/rm-x/decision`, schemas.DecisionBody],
  ['POST ownership-transfer', () => `/v1/accounts/${accountId}/ownership-transfer`, schemas.OwnershipTransferBody],
  ['POST api-tokens', () => `/v1/accounts/${accountId}/api-tokens`, schemas.ApiTokenBody],
];

describe('fuzzed mutating endpoints answer 4xx problems and change nothing', () => {
  it.each(bodyEndpoints)('%s with bodies its schema refuses', async (_, path, schema) => {
    const before = await accountSnapshot(accountId);
    await fc.assert(
      fc.asyncProperty(callers, refusedBy(schema), fc.option(fc.string({ maxLength: 30 })), async (as, body, key) => {
        await expectRefusedWithoutChange(() =>
          call('POST', path(''), {
            as,
            rawBody: JSON.stringify(body),
            ...(key ? { headers: { 'idempotency-key': key } } : {}),
          }),
        );
      }),
      { numRuns: CASES },
    );
    expect(await accountSnapshot(accountId)).toBe(before);
  });

  it.each([
    ['POST deactivate', (id: string) => `/v1/accounts/${accountId}/users/${encodeURIComponent(id)}/deactivate`, 'POST'],
    ['POST activate', (id: string) => `/v1/accounts/${accountId}/users/${encodeURIComponent(id)}/activate`, 'POST'],
    ['DELETE removal', (id: string) => `/v1/accounts/${accountId}/removals/${encodeURIComponent(id)}`, 'DELETE'],
  ])('%s with unknown or invalid ids', async (_, path, method) => {
    const before = await accountSnapshot(accountId);
    await fc.assert(
      fc.asyncProperty(callers, strangerId, async (as, id) => {
        await expectRefusedWithoutChange(() => call(method, path(id), { as }));
      }),
      { numRuns: CASES },
    );
    expect(await accountSnapshot(accountId)).toBe(before);
  });
});

/**
 * Schema-valid requests with random ids, targets and combinations reach the use cases: some are
 * refused, some change data. Whatever happens, no 5xx but 503, and after the workflow settles the
 * invariants hold.
 */
describe('fuzzed valid requests keep the invariants', () => {
  const VALID_CASES = 200;
  const RESOURCES = [
    { type: 'PHONE_NUMBER' as const, id: 'num-1', name: 'n1', ownerId: 'dan' },
    { type: 'PHONE_NUMBER' as const, id: 'num-2', name: 'n2', ownerId: 'erin' },
    { type: 'CALL_FLOW' as const, id: 'flow-1', name: 'f1', ownerId: 'farah' },
    { type: 'TEAM' as const, id: 'team-1', name: 't1', ownerId: 'amir', members: ['dan', 'erin'] },
    { type: 'ROUTING_RULE' as const, id: 'rule-1', name: 'r1', ownerId: 'bea', members: ['farah'] },
  ];
  const userIds = fc.constantFrom(...CAST.map((u) => u.userId), 'nobody', 'x:y@z.1');
  // Mostly the account's owner and admins, so that requests get past R1 and reach the rules behind.
  const callers = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('olivia', 'amir', 'bea') },
    { weight: 1, arbitrary: userIds },
  );
  const resourceType = fc.constantFrom('PHONE_NUMBER', 'CALL_FLOW', 'TEAM', 'ROUTING_RULE');
  const resourceId = fc.constantFrom(...RESOURCES.map((r) => r.id), 'bogus-1');
  const removalBody = fc.record(
    {
      confirm: fc.boolean(),
      reassignTo: userIds,
      reassignments: fc.array(fc.record({ resourceType, resourceId, toUserId: userIds }), { maxLength: 4 }),
      reason: fc.string({ maxLength: 40 }),
    },
    { requiredKeys: ['confirm'] },
  );
  const action = fc.oneof(
    fc.record({ kind: fc.constant('remove' as const), as: callers, userId: userIds, body: removalBody }),
    fc.record({ kind: fc.constantFrom('deactivate' as const, 'activate' as const), as: callers, userId: userIds }),
    fc.record({ kind: fc.constant('transfer' as const), as: callers, newOwnerId: userIds }),
    fc.record({
      kind: fc.constant('invite' as const),
      as: callers,
      name: fc.stringMatching(/^[a-z]{1,8}$/),
      role: fc.constantFrom('ADMIN' as const, 'MEMBER' as const),
    }),
  );

  async function settled() {
    for (const execution of runtime.stepFunctions.listExecutions())
      if (execution.status === 'RUNNING')
        await Promise.race([execution.done, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  }

  async function assertInvariants(account: string) {
    const users = [];
    let cursor: string | undefined;
    do {
      const page = await composition().removalDeps().users.listUsers(account, {}, 200, cursor);
      users.push(...page.users);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const statusOf = new Map(users.map((u) => [u.userId, u.status]));
    for (const resource of await allResources(account)) {
      // Owners are current users (R4): never a removed or half-removed one; nor are members (R5).
      // (An unassigned number, ownerId null, sits in the pool: nobody's.)
      if (resource.ownerId !== null)
        expect(['ACTIVE', 'INACTIVE'], `${resource.id} owned by ${resource.ownerId}`).toContain(
          statusOf.get(resource.ownerId),
        );
      for (const member of resource.members ?? [])
        expect(['ACTIVE', 'INACTIVE'], `${resource.id} member ${member}`).toContain(statusOf.get(member));
    }
    // R8: the seat count is the number of users holding a seat.
    const holders = users.filter((u) => ['ACTIVE', 'INACTIVE', 'REMOVING'].includes(u.status)).length;
    expect((await stores().accounts.getAccount(account))?.seatsUsed).toBe(holders);
    // R10: at most one UserRemoved per removal, and per removed user.
    const removed = runtime.bus.events({ detailType: 'UserRemoved' }).filter((e) => e.detail.accountId === account);
    expect(new Set(removed.map((e) => e.detail.removalId)).size).toBe(removed.length);
    expect(new Set(removed.map((e) => e.detail.userId)).size).toBe(removed.length);
    expect(removed.map((e) => statusOf.get(e.detail.userId as string))).not.toContain('ACTIVE');
  }

  it(`${VALID_CASES} random valid requests: no 500, invariants after each`, async () => {
    const account = await givenAccount({ plan: 'ENTERPRISE', resources: RESOURCES });
    const base = `/v1/accounts/${account}`;
    await fc.assert(
      fc.asyncProperty(action, async (a) => {
        const answer =
          a.kind === 'remove'
            ? await call('POST', `${base}/users/${a.userId}/removal`, { as: a.as, body: a.body })
            : a.kind === 'transfer'
              ? await call('POST', `${base}/ownership-transfer`, { as: a.as, body: { newOwnerId: a.newOwnerId } })
              : a.kind === 'invite'
                ? await call('POST', `${base}/users`, {
                    as: a.as,
                    body: { email: `${a.name}@${account}.test`, displayName: a.name, role: a.role },
                  })
                : await call('POST', `${base}/users/${a.userId}/${a.kind}`, { as: a.as });
        expect(answer.status === 503 || answer.status < 500, JSON.stringify(answer.body)).toBe(true);
        if (answer.status >= 400)
          expect(answer.body).toMatchObject({ status: answer.status, code: expect.any(String) });
        await settled();
        await assertInvariants(account);
      }),
      { numRuns: VALID_CASES },
    );
    // 200 requests in a row, each waiting for its workflow: minutes on a busy machine, not seconds.
  }, 180_000);
});
