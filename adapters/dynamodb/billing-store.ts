// The billing job's store. Due adjustments come from the sparse pending index (a Query, never a
// Scan); applying one is one transaction conditional on it still being PENDING, so a second run,
// a retry or a concurrent run applies nothing twice.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BillingStore, PendingSeatAdjustment } from '#core/ports.ts';
import { TABLE_DESIGN } from './table-design.ts';
import * as k from './keys.ts';
import { auditItem, outboxItem } from './items.ts';
import { queryAll } from './query-all.ts';
import { transactOrExplain } from './transact.ts';

export class DynamoBillingStore implements BillingStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listDueAdjustments(asOf: string): Promise<PendingSeatAdjustment[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: TABLE_DESIGN.gsi1.name,
      // Sort keys start with the effective date: everything up to the end of `asOf`.
      KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk < :after',
      ExpressionAttributeValues: { ':pending': k.PENDING_ADJUSTMENTS_PK, ':after': `${asOf}$` },
    });
    return items.map(({ accountId, removalId, seats, effectiveOn }) => ({ accountId, removalId, seats, effectiveOn }));
  }

  async applyAdjustment({ adjustment, appliedAt, audit, outbox }: Parameters<BillingStore['applyAdjustment']>[0]) {
    const { accountId, removalId, effectiveOn, seats } = adjustment;
    const outcome = await transactOrExplain(
      this.db,
      'applying a seat adjustment',
      [
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(accountId), k.seatAdjustmentSk(effectiveOn, removalId)),
            UpdateExpression: 'SET #status = :applied, appliedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':applied': 'APPLIED', ':pending': 'PENDING', ':at': appliedAt },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(accountId), k.ACCOUNT_SK),
            UpdateExpression: 'ADD billedSeats :seats',
            ExpressionAttributeValues: { ':seats': seats },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
        { Put: { TableName: this.tableName, Item: outboxItem(outbox, appliedAt) } },
      ],
      async () => 'already-applied' as const,
    );
    return outcome ?? ('applied' as const);
  }
}
