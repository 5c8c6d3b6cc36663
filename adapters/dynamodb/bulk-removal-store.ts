// Bulk removals in the account's partition (keys.ts: BULK#id), ids sortable by time, so the list
// reads newest first by key. One item a bulk: at most 1,000 users of ~150 bytes stay far below
// DynamoDB's 400 KB; each user's progress is its removal's own record.
import { createHash } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { NotFoundError } from '#core/errors.ts';
import type { BulkRemovalRecord, BulkRemovalStore } from '#core/ports.ts';
import * as k from './keys.ts';
import { decodeCursor, encodeCursor } from './cursors.ts';
import { startsWith } from './key-prefix.ts';
import { TableStore } from './table-store.ts';

/** As long as a single removal's Idempotency-Key: a day. */
const BULK_KEY_TTL_SECONDS = 24 * 3600;

const summary = (item: Record<string, unknown>): Omit<BulkRemovalRecord, 'items'> => ({
  bulkRemovalId: String(item.bulkRemovalId),
  accountId: String(item.accountId),
  requestedBy: item.requestedBy as BulkRemovalRecord['requestedBy'],
  requestedAt: String(item.requestedAt),
  reason: (item.reason as string | null | undefined) ?? null,
});

export class DynamoBulkRemovalStore extends TableStore implements BulkRemovalStore {
  async saveBulkRemoval(record: BulkRemovalRecord) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...k.key(k.accountPk(record.accountId), k.bulkRemovalSk(record.bulkRemovalId)),
          entity: 'BULK_REMOVAL',
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getBulkRemoval(accountId: string, bulkRemovalId: string) {
    const item = await this.get(k.accountPk(accountId), k.bulkRemovalSk(bulkRemovalId));
    if (!item) throw new NotFoundError('No such bulk removal in this account');
    return { ...summary(item), items: item.items as BulkRemovalRecord['items'] };
  }

  async claimBulkKey(
    accountId: string,
    callerId: string,
    key: string,
    use: { bulkRemovalId: string; requestHash: string },
  ) {
    const sk = `BULKKEY#${createHash('sha256').update(`${callerId}|${key}`).digest('hex')}`;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...k.key(k.accountPk(accountId), sk),
            entity: 'BULK_IDEMPOTENCY',
            ...use,
            expiresAt: Math.floor(Date.now() / 1000) + BULK_KEY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = await this.get(k.accountPk(accountId), sk);
      return { bulkRemovalId: String(item?.bulkRemovalId), requestHash: String(item?.requestHash) };
    }
  }

  async listBulkRemovals(accountId: string, limit: number, cursor?: string) {
    const range = startsWith('sk', k.BULK_REMOVAL_SK_PREFIX);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: `pk = :pk AND ${range.condition}`,
        ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ...range.values },
        // The summaries only: a bulk's items are read with the bulk.
        ProjectionExpression: 'pk, sk, bulkRemovalId, accountId, requestedBy, requestedAt, reason',
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor
          ? decodeCursor(
              cursor,
              { pk: k.accountPk(accountId), sk: /^BULK#bulk-[\w-]{1,60}$/ },
              'this list of bulk removals',
            )
          : undefined,
      }),
    );
    return {
      bulkRemovals: (out.Items ?? []).map(summary),
      nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null,
    };
  }
}
