// R5 for a user in many rotations: who else takes calls in each rotation is read from the
// rotations' member maps (userId → ACTIVE/INACTIVE) in a few BatchGets — no Query per rotation, no
// read of the members — and the maps stay in step with the users' memberOf and statuses through
// every reassignment and status change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { LocalRuntime } from '#local/runtime.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { buildReassignmentPlan } from '#core/removal/plan-reassignment.ts';
import { givenAccount, removalRequest, stores } from '../support/accounts.ts';
import { startTestRuntime } from '../support/workflow.ts';
import { testTableName } from '../support/env.ts';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

const ROTATIONS = 120;
/** Dan is in 120 teams: in even ones erin (ACTIVE) is there too; in odd ones only gus (INACTIVE). */
const teams = Array.from({ length: ROTATIONS }, (_, i) => ({
  type: 'TEAM' as const,
  id: `team-${i}`,
  name: `Team ${i}`,
  ownerId: 'amir',
  members: i % 2 === 0 ? ['dan', 'erin'] : ['dan', 'gus'],
}));

/** Counts the DynamoDB requests `act` sends, by command. */
async function requestsDuring<T>(act: () => Promise<T>): Promise<{ result: T; requests: Record<string, number> }> {
  const requests: Record<string, number> = {};
  const name = `count-${randomUUID()}`;
  const client = dynamoDocumentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      requests[context.commandName as string] = (requests[context.commandName as string] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await act(), requests };
  } finally {
    client.middlewareStack.remove(name);
  }
}

/** Each team's members as its member map says (with statuses), and as the users' memberOf say. */
async function membersBothWays(accountId: string) {
  const db = dynamoDocumentClient();
  const fromMaps = new Map<string, Record<string, string>>();
  for (let i = 0; i < ROTATIONS; i += 100) {
    const keys = teams.slice(i, i + 100).map((t) => ({ pk: `ACCOUNT#${accountId}`, sk: `RES#TEAM#${t.id}` }));
    const out = await db.send(new BatchGetCommand({ RequestItems: { [testTableName()]: { Keys: keys } } }));
    for (const item of out.Responses?.[testTableName()] ?? []) fromMaps.set(item.id, item.memberIds ?? {});
  }
  const users = await db.send(
    new QueryCommand({
      TableName: testTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :user)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':user': 'USER#' },
    }),
  );
  const fromUsers = new Map<string, Record<string, string>>();
  for (const user of users.Items ?? [])
    for (const key of Object.keys(user.memberOf ?? {})) {
      const id = key.replace('TEAM#', '');
      fromUsers.set(id, { ...fromUsers.get(id), [user.userId]: user.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE' });
    }
  const sorted = (map: Map<string, Record<string, string>>) =>
    Object.fromEntries([...map].filter(([, m]) => Object.keys(m).length > 0).sort(([a], [b]) => a.localeCompare(b)));
  return { fromMaps: sorted(fromMaps), fromUsers: sorted(fromUsers) };
}

describe('R5 rotations read in batches, kept in step', () => {
  it('plans 120 rotations with a constant number of requests and the right last-member decisions', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE', resources: teams });
    const ownership = await stores().plans.listOwnership(accountId, 'dan');

    const { result: plan, requests } = await requestsDuring(() =>
      buildReassignmentPlan(stores(), removalRequest(accountId, 'dan', { reassignTo: 'bea' }), ownership),
    );

    expect(ownership.memberships).toHaveLength(ROTATIONS);
    // Member maps with statuses: ⌈120/100⌉ BatchGets; the target: one more. No member is read.
    expect(requests).toEqual({ BatchGetItemCommand: 3 });
    const last = plan.memberships.filter((m) => m.lastActiveMember).map((m) => m.id);
    expect(last.sort()).toEqual(
      teams
        .filter((_, i) => i % 2 === 1)
        .map((t) => t.id)
        .sort(),
    );
    expect(plan.memberships.filter((m) => !m.lastActiveMember).every((m) => m.witnessId === 'erin')).toBe(true);
  });

  it('after the removal, every member map says what the users say (replaced, left)', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE', resources: teams });
    expect((await membersBothWays(accountId)).fromMaps['team-1']).toEqual({ dan: 'ACTIVE', gus: 'INACTIVE' });

    const execution = await (await runtime.startRemoval(removalRequest(accountId, 'dan', { reassignTo: 'bea' }))).done;

    expect(execution.status).toBe('SUCCEEDED');
    const { fromMaps, fromUsers } = await membersBothWays(accountId);
    expect(fromMaps).toEqual(fromUsers);
    expect(fromMaps['team-0']).toEqual({ erin: 'ACTIVE' }); // left: erin still takes calls
    expect(fromMaps['team-1']).toEqual({ bea: 'ACTIVE', gus: 'INACTIVE' }); // last active member: bea takes dan's place
  });

  it("a deactivation and an activation change the member's status in every rotation, in step (R5, R9)", async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE', resources: teams });
    const deps = (await import('#functions/shared/composition.ts')).composition().adminDeps();
    const { changeUserStatus } = await import('#core/users/change-user-status.ts');
    const amir = async () => (await stores().users.getUser(accountId, 'amir'))!;

    // Erin is in 60 rotations (one transaction with her status); dan in 120 (more than one holds).
    await changeUserStatus(deps, await amir(), 'erin', 'deactivate');
    await changeUserStatus(deps, await amir(), 'dan', 'deactivate');
    let maps = await membersBothWays(accountId);
    expect(maps.fromMaps).toEqual(maps.fromUsers);
    expect(maps.fromMaps['team-0']).toEqual({ dan: 'INACTIVE', erin: 'INACTIVE' });
    expect(maps.fromMaps['team-119']).toEqual({ dan: 'INACTIVE', gus: 'INACTIVE' });
    await changeUserStatus(deps, await amir(), 'dan', 'activate');

    // Erin inactive everywhere: dan is now the last member taking calls in all 120 rotations.
    const plan = await buildReassignmentPlan(
      stores(),
      removalRequest(accountId, 'dan', { reassignTo: 'bea' }),
      await stores().plans.listOwnership(accountId, 'dan'),
    );
    expect(plan.memberships.filter((m) => m.lastActiveMember)).toHaveLength(ROTATIONS);

    await changeUserStatus(deps, await amir(), 'erin', 'activate');
    maps = await membersBothWays(accountId);
    expect(maps.fromMaps).toEqual(maps.fromUsers);
    expect(maps.fromMaps['team-0']).toEqual({ dan: 'ACTIVE', erin: 'ACTIVE' });
  });
});
