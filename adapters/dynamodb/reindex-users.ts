// Fills the lookups a version without them never wrote: each live user's place in the live-users
// index (gsi2 keys on its item), its email claim's name key, its externalId lookup item, each
// resource's place in the by-name index (a search of a type by name), and each SCHEDULED removal's
// place in the index the overdue sweep reads. Run
// once after deploying the version that adds them (`npx offboard reindex-users`); idempotent, and
// safe beside live traffic: the keys are written only while the status and name they derive from
// still hold, else the user or resource is read again.
import { PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { User } from '#core/model/index.ts';
import type { Resource } from '#core/model/index.ts';
import {
  toUser,
  externalIdItem,
  liveUserIndexKeys,
  resourceNameIndexKeys,
  scheduledRemovalIndexKeys,
  toResource,
} from './items.ts';
import { getItem } from './item-io.ts';
import * as k from './keys.ts';

export interface ReindexProgress {
  users: number;
  indexed: number;
  skipped: number;
  /** Resources given their place in the by-name index. */
  resources: number;
  /** SCHEDULED removals given their place in the overdue sweep's index. */
  scheduledRemovals: number;
}

export async function reindexUsers(
  db: DynamoDBDocumentClient,
  tableName: string,
  onProgress: (progress: ReindexProgress) => void = () => {},
): Promise<ReindexProgress> {
  const progress: ReindexProgress = { users: 0, indexed: 0, skipped: 0, resources: 0, scheduledRemovals: 0 };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity IN (:user, :resource) OR (entity = :removal AND #status = :scheduled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':user': 'USER',
          ':resource': 'RESOURCE',
          ':removal': 'REMOVAL',
          ':scheduled': 'SCHEDULED',
        },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.entity === 'REMOVAL') {
        if (await indexScheduledRemoval(db, tableName, String(item.removalId), String(item.effectiveAt)))
          progress.scheduledRemovals++;
        continue;
      }
      if (item.entity === 'RESOURCE') {
        if (await reindexResource(db, tableName, toResource(String(item.accountId), item))) progress.resources++;
        continue;
      }
      progress.users++;
      if (await reindexOne(db, tableName, toUser(item))) progress.indexed++;
      else progress.skipped++;
    }
    onProgress(progress);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return progress;
}

/** False for a removed user (it has no lookups); retried with a fresh read while the user changes. */
async function reindexOne(db: DynamoDBDocumentClient, tableName: string, read: User): Promise<boolean> {
  let user: User | undefined = read;
  for (let attempt = 0; attempt < 5 && user; attempt++) {
    if (user.status === 'REMOVED') return false;
    const keys = liveUserIndexKeys(user.accountId, user.status, user.displayName, user.userId);
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: k.key(k.accountPk(user.accountId), k.userSk(user.userId)),
          UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
          ConditionExpression: '#status = :status AND displayName = :name',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': keys.gsi2pk,
            ':sk': keys.gsi2sk,
            ':status': user.status,
            ':name': user.displayName,
          },
        }),
      );
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: k.key(k.accountPk(user.accountId), k.emailSk(user.email)),
          UpdateExpression: 'SET nameKey = :nameKey',
          ConditionExpression: 'userId = :userId',
          ExpressionAttributeValues: { ':nameKey': k.nameKey(user.displayName), ':userId': user.userId },
        }),
      );
      if (user.externalId)
        await db.send(new PutCommand({ TableName: tableName, Item: externalIdItem(user, user.externalId) }));
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const fresh = await getItem(db, tableName, k.key(k.accountPk(read.accountId), k.userSk(read.userId)));
      user = fresh && toUser(fresh);
    }
  }
  throw new Error(`User ${read.userId} of account ${read.accountId} kept changing; run reindex-users again`);
}

/** False for a resource deleted meanwhile; retried with a fresh read while it is renamed. */
async function reindexResource(db: DynamoDBDocumentClient, tableName: string, read: Resource): Promise<boolean> {
  let resource: Resource | undefined = read;
  for (let attempt = 0; attempt < 5 && resource; attempt++) {
    const keys = resourceNameIndexKeys(resource);
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: k.resourceKeyOf(resource.accountId, resource),
          UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
          ConditionExpression: '#name = :name',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':pk': keys.gsi2pk, ':sk': keys.gsi2sk, ':name': resource.name },
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const fresh = await getItem(db, tableName, k.resourceKeyOf(read.accountId, read));
      resource = fresh && toResource(read.accountId, fresh);
    }
  }
  if (!resource) return false;
  throw new Error(
    `Resource ${read.type} ${read.id} of account ${read.accountId} kept changing; run reindex-users again`,
  );
}

/** A SCHEDULED removal's place in the overdue sweep's index, while it is still SCHEDULED for that time. */
async function indexScheduledRemoval(
  db: DynamoDBDocumentClient,
  tableName: string,
  removalId: string,
  effectiveAt: string,
): Promise<boolean> {
  const keys = scheduledRemovalIndexKeys(effectiveAt, removalId);
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: k.key(k.removalPk(removalId), k.REMOVAL_SK),
        UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
        ConditionExpression: '#status = :scheduled AND effectiveAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': keys.gsi2pk,
          ':sk': keys.gsi2sk,
          ':scheduled': 'SCHEDULED',
          ':at': effectiveAt,
        },
      }),
    );
    return true;
  } catch (error) {
    // Started, cancelled or moved meanwhile: a removal that moved was indexed by the move itself.
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
