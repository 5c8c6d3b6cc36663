// The account aggregate on DynamoDB: the account (plan, owner) and its seats. Due seat adjustments
// come from the sparse pending index (a Query, never a Scan); applying one is one transaction
// conditional on it still being PENDING, so a second run, a retry or a concurrent run applies
// nothing twice.
import { TransientStoreError, InvalidNewOwnerError } from '#core/errors.ts';
import type { AccountStore, PendingSeatAdjustment } from '#core/ports.ts';
import { TABLE_DESIGN } from './table-design.ts';
import * as k from './keys.ts';
import { namedItems, type TransactItem } from './transact.ts';
import { auditItem, outboxItem, toAccount } from './items.ts';
import { TableStore } from './table-store.ts';

type Args<M extends keyof AccountStore> = Parameters<AccountStore[M]>[0];

export class DynamoAccountStore extends TableStore implements AccountStore {
  async getAccount(accountId: string) {
    const item = await this.get(k.accountPk(accountId), k.ACCOUNT_SK);
    return item && toAccount(item);
  }

  async transferOwnership({ accountId, from, to, audit, outbox }: Args<'transferOwnership'>) {
    const roleChange = (user: typeof from, role: string, expectedRole: string): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: k.key(k.accountPk(accountId), k.userSk(user.userId)),
        UpdateExpression: 'SET #role = :role, version = version + :one',
        ConditionExpression: '#role = :expected AND #status = :active',
        ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
        ExpressionAttributeValues: { ':role': role, ':expected': expectedRole, ':active': 'ACTIVE', ':one': 1 },
      },
    });
    const transfer = namedItems([
      [
        'account',
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(accountId), k.ACCOUNT_SK),
            UpdateExpression: 'SET ownerId = :to',
            ConditionExpression: 'ownerId = :from',
            ExpressionAttributeValues: { ':to': to.userId, ':from': from.userId },
          },
        },
      ],
      ['former owner', roleChange(from, 'ADMIN', 'OWNER')],
      ['new owner', roleChange(to, 'OWNER', 'ADMIN')],
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
      ['outbox', { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } }],
    ]);
    await this.transactOrExplain('transferring ownership', transfer.items, async (codes) => {
      if (transfer.failed(codes).has('new owner')) throw new InvalidNewOwnerError(to.userId);
      throw new TransientStoreError('Ownership changed meanwhile; try again');
    });
  }

  async listDueAdjustments(asOf: string): Promise<PendingSeatAdjustment[]> {
    const items = await this.readIndexed(
      await this.queryAll({
        IndexName: TABLE_DESIGN.gsi1.name,
        // Sort keys start with the effective date: everything up to the end of `asOf`.
        KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk < :after',
        ExpressionAttributeValues: { ':pending': k.PENDING_ADJUSTMENTS_PK, ':after': `${asOf}$` },
      }),
    );
    return items.map(({ accountId, removalId, seats, effectiveOn }) => ({ accountId, removalId, seats, effectiveOn }));
  }

  async applyAdjustment({ adjustment, appliedAt, audit, outbox }: Args<'applyAdjustment'>) {
    const { accountId, removalId, effectiveOn, seats } = adjustment;
    const outcome = await this.transactOrExplain(
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
