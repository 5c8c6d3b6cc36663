// `npx offboard reindex-users`: a table written by a version without the live-users index (no
// gsi2 keys, claims without name keys, no externalId lookups) lists nobody until it runs; after it,
// every live user is listed by name (R7), searchable by email, found by externalId — and a second
// run changes nothing.
import { describe, expect, it } from 'vitest';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { acceptedRemovalItem } from '#adapters/dynamodb/removal-record.ts';
import { dynamoDocumentClient } from '#adapters/clients.ts';
import { reindexUsers } from '#adapters/dynamodb/reindex-users.ts';
import * as k from '#adapters/dynamodb/keys.ts';
import { givenAccount, stores, views } from '../support/accounts.ts';
import { testTableName } from '../support/env.ts';

/** The account's user and claim items as the version before the index wrote them. */
async function asBeforeTheIndex(accountId: string) {
  const db = dynamoDocumentClient();
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: testTableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId) },
    }),
  );
  for (const item of Items) {
    const key = { pk: item.pk, sk: item.sk };
    if (item.entity === 'USER')
      await db.send(
        new UpdateCommand({
          TableName: testTableName(),
          Key: key,
          UpdateExpression: `REMOVE gsi2pk, gsi2sk${item.userId === 'erin' ? ' SET externalId = :x' : ''}`,
          ...(item.userId === 'erin' ? { ExpressionAttributeValues: { ':x': 'entra-erin' } } : {}),
        }),
      );
    if (item.entity === 'RESOURCE')
      await db.send(
        new UpdateCommand({ TableName: testTableName(), Key: key, UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }),
      );
    if (item.entity === 'EMAIL')
      await db.send(new UpdateCommand({ TableName: testTableName(), Key: key, UpdateExpression: 'REMOVE nameKey' }));
  }
}

describe('R7 R11 reindex-users fills the live-users, resource-name and scheduled-removal indexes of a table written before it', () => {
  it('lists, searches and finds by externalId every live user, finds resources by name after one run, and a second run changes nothing', async () => {
    const accountId = await givenAccount({
      resources: [
        { type: 'CALL_FLOW', id: 'flow-after-hours', name: 'After hours', ownerId: 'dan' },
        { type: 'CALL_FLOW', id: 'flow-main', name: 'Main menu', ownerId: 'dan' },
      ],
    });
    await asBeforeTheIndex(accountId);
    // A removal scheduled before the overdue sweep's index: a record without its index keys.
    const scheduled = {
      removalId: `r-${accountId}`,
      accountId,
      userId: 'farah',
      requestedBy: { type: 'USER' as const, id: 'amir' },
      requestedAt: '2026-12-01T00:00:00.000Z',
    };
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: testTableName(),
        Item: {
          ...acceptedRemovalItem(scheduled),
          status: 'SCHEDULED',
          step: 'SCHEDULED',
          effectiveAt: '2026-12-02T00:00:00.000Z',
        },
      }),
    );
    const overdue = () => stores().removals.listOverdueScheduled('2026-12-03T00:00:00.000Z', 100);
    const overdueBefore = await overdue();
    const users = stores().users;
    const before = await users.listUsers(accountId, {}, 50);
    const flows = () => views().resources(accountId, { type: 'CALL_FLOW', q: 'a' }, 50);
    const flowsBefore = await flows();

    const first = await reindexUsers(dynamoDocumentClient(), testTableName());
    const listed = await users.listUsers(accountId, {}, 50);
    const byEmail = await users.listUsers(accountId, { q: `erin@${accountId}` }, 50);
    const byName = await users.listUsers(accountId, { q: 'E' }, 50);
    const byExternalId = await users.findUsersBy(accountId, 'externalId', 'entra-erin');
    const flowsAfter = await flows();
    const second = await reindexUsers(dynamoDocumentClient(), testTableName());

    expect(before.users).toEqual([]);
    expect(first.indexed).toBeGreaterThanOrEqual(7);
    expect(listed.users.map((u) => u.userId)).toEqual(['amir', 'bea', 'dan', 'erin', 'farah', 'gus', 'olivia']);
    expect(byEmail.users.map((u) => u.userId)).toEqual(['erin']);
    // "Erin Member" by name, and its email claim (now with the name key) not a second time.
    expect(byName.users.map((u) => u.userId)).toEqual(['erin']);
    expect(byExternalId.map((u) => u.userId)).toEqual(['erin']);
    expect(flowsBefore.resources).toEqual([]);
    expect(first.resources).toBeGreaterThanOrEqual(2);
    expect(flowsAfter.resources.map((r) => r.id)).toEqual(['flow-after-hours']);
    expect(overdueBefore).not.toContain(scheduled.removalId);
    expect(await overdue()).toContain(scheduled.removalId);
    expect(first.scheduledRemovals).toBe(1);
    expect(second).toEqual(first);
    expect((await users.listUsers(accountId, {}, 50)).users).toEqual(listed.users);
  });
});
