// R5 for a user in many rotations: who else is ACTIVE in each rotation is read from the rotations'
// member maps in a few BatchGets — not one Query per rotation — and the maps stay in step with the
// membership items through every reassignment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { LocalRuntime } from '#local/runtime.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { buildReassignmentPlan } from '#core/removal/plan-reassignment.ts';
import { givenAccount, removalRequest, store } from '../support/accounts.ts';
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

/** Each team's members as its membership items say, and as its member map says. */
async function membersBothWays(accountId: string) {
  const db = dynamoDocumentClient();
  const items = await db.send(
    new QueryCommand({
      TableName: testTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :res)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':res': 'RES#TEAM#' },
    }),
  );
  const fromItems = new Map<string, string[]>();
  for (const item of items.Items ?? [])
    if (item.entity === 'MEMBERSHIP') fromItems.set(item.id, [...(fromItems.get(item.id) ?? []), item.userId].sort());
  const fromMaps = new Map<string, string[]>();
  for (let i = 0; i < ROTATIONS; i += 100) {
    const keys = teams.slice(i, i + 100).map((t) => ({ pk: `ACCOUNT#${accountId}`, sk: `RES#TEAM#${t.id}` }));
    const out = await db.send(new BatchGetCommand({ RequestItems: { [testTableName()]: { Keys: keys } } }));
    for (const item of out.Responses?.[testTableName()] ?? [])
      fromMaps.set(item.id, Object.keys(item.memberIds ?? {}).sort());
  }
  return { fromItems, fromMaps };
}

describe('R5 rotations read in batches, kept in step', () => {
  it('plans 120 rotations with a constant number of requests and the right last-member decisions', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE', resources: teams });
    const ownership = await store().listOwnership(accountId, 'dan');

    const { result: plan, requests } = await requestsDuring(() =>
      buildReassignmentPlan(store(), removalRequest(accountId, 'dan', { reassignTo: 'bea' }), ownership),
    );

    expect(ownership.memberships).toHaveLength(ROTATIONS);
    // Member maps: ⌈120/100⌉ BatchGets; the users named there and the target: one more.
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

  it('after the removal, every member map lists exactly the membership items (replaced, left)', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE', resources: teams });

    const execution = await (await runtime.startRemoval(removalRequest(accountId, 'dan', { reassignTo: 'bea' }))).done;

    expect(execution.status).toBe('SUCCEEDED');
    const { fromItems, fromMaps } = await membersBothWays(accountId);
    expect(fromMaps).toEqual(fromItems);
    expect(fromItems.get('team-0')).toEqual(['erin']); // left: erin still takes calls
    expect(fromItems.get('team-1')).toEqual(['bea', 'gus']); // last active member: bea takes dan's place
  });
});
