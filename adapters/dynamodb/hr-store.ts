// The HR path on DynamoDB: the per-employee termination register (conditional on the last event
// time it saw), users by email (through the email claim), unmatched terminations.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HrStore } from '#core/ports.ts';
import type { TerminationRecord } from '#core/hr/hr-events.ts';
import { TransientStoreError } from '#core/errors.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as k from './keys.ts';
import { auditItem, outboxItem, toTermination } from './items.ts';
import { TableStore } from './table-store.ts';

export class DynamoHrStore extends TableStore implements HrStore {
  async getTermination(accountId: string, email: string) {
    const item = await this.get(k.accountPk(accountId), k.terminationSk(email));
    if (!item) return undefined;
    return toTermination(item);
  }

  async saveTermination(record: TerminationRecord, previousEventTime: string | undefined) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...k.key(k.accountPk(record.accountId), k.terminationSk(record.email)),
            entity: 'HR_TERMINATION',
            ...record,
            pendingReconcile: true,
          },
          ConditionExpression: previousEventTime ? 'lastEventTime = :previous' : 'attribute_not_exists(pk)',
          ...(previousEventTime ? { ExpressionAttributeValues: { ':previous': previousEventTime } } : {}),
        }),
      );
    } catch (error) {
      // Another HR event for the same employee got in first: the retry re-reads and re-decides.
      if (error instanceof ConditionalCheckFailedException)
        throw new TransientStoreError('Concurrent HR event for this employee');
      throw error;
    }
  }

  async markReconciled(record: TerminationRecord) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: k.key(k.accountPk(record.accountId), k.terminationSk(record.email)),
          UpdateExpression: 'REMOVE pendingReconcile',
          ConditionExpression: 'lastEventTime = :time',
          ExpressionAttributeValues: { ':time': record.lastEventTime },
        }),
      );
    } catch (error) {
      // A newer event replaced the register meanwhile; its own handling reconciles it.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async recordRefusal({ audit, outbox }: Parameters<HrStore['recordRefusal']>[0]) {
    await this.transactOrExplain(
      'recording a refused HR event',
      [
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
        { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } },
      ],
      async () => undefined,
    );
  }
}
