// R4 under index lag: AWS updates the owner index eventually, DynamoDB Local at once. With the
// local runtime's lag mode, the owner index trails the table; a resource handed to a user just
// before its removal starts is missing from the index, and the removal must still never complete
// with it owned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { givenAccount, removalRequest, stores, allResources } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';
import { startTestRuntime, userRemovedEvents } from '../support/workflow.ts';
import { eventually } from '../support/eventually.ts';

const LAG_MS = 400;
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({
    indexLagMs: LAG_MS,
    // Backoff long enough in all for the index to catch up, even with full jitter on a busy
    // machine (AWS: 1, 2, 4 … s).
    retryIntervalMs: 400,
  });
});
afterAll(() => runtime?.stop());

const ownedInIndex = async (accountId: string, userId: string) =>
  (
    await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: testTableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :owns)',
        ExpressionAttributeValues: { ':pk': `USER#${accountId}#${userId}`, ':owns': 'OWNS#' },
      }),
    )
  ).Items ?? [];

describe('R4 the owner index lags (eventual consistency, as in AWS)', () => {
  it('numbers handed to dan just before his removal starts are reassigned too: never REMOVED while owning them', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'PHONE_NUMBER', id: 'dan-1', name: 'Dan 1', ownerId: 'dan' },
        ...[1, 2, 3].map((i) => ({
          type: 'PHONE_NUMBER' as const,
          id: `erin-${i}`,
          name: `Erin ${i}`,
          ownerId: 'erin',
        })),
        { type: 'TEAM', id: 'team-1', name: 'Solo', ownerId: 'amir', members: ['erin'] },
      ],
    });
    // The seed reached the index (at least LAG_MS later; more on a busy machine).
    await eventually(async () => expect(await ownedInIndex(accountId, 'erin')).toHaveLength(3), 30_000);
    const erinToDan = await (await runtime.startRemoval(removalRequest(accountId, 'erin', { reassignTo: 'dan' }))).done;
    expect(erinToDan.status).toBe('SUCCEEDED');
    // The lag is real: the table says dan owns 4 numbers, the index still shows 1.
    expect((await ownedInIndex(accountId, 'dan')).map((i) => i.id)).toEqual(['dan-1']);

    const danRequest = removalRequest(accountId, 'dan', { reassignTo: 'bea' });
    const danToBea = await (await runtime.startRemoval(danRequest)).done;

    expect(`${danToBea.status} ${danToBea.error ?? ''}`).toBe('SUCCEEDED ');
    const resources = await allResources(accountId);
    expect(resources.filter((r) => r.type === 'PHONE_NUMBER').map((r) => [r.id, r.ownerId])).toEqual([
      ['dan-1', 'bea'],
      ['erin-1', 'bea'],
      ['erin-2', 'bea'],
      ['erin-3', 'bea'],
    ]);
    // R5 too: dan had taken erin's place in the team; he left it and bea took his.
    expect(resources.find((r) => r.id === 'team-1')?.members).toEqual(['bea']);
    expect(await stores().users.getUser(accountId, 'dan')).toMatchObject({
      status: 'REMOVED',
      ownedCount: 0,
      memberCount: 0,
    });
    expect(userRemovedEvents(runtime, danRequest.removalId)[0]?.detail).toMatchObject({ reassignments: { total: 4 } });
  });
});
