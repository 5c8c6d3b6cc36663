// Read-side queries of an account: call logs, audit log, resources, pending seat adjustments.
// Each is a Query on the account's partition; none scans the table.
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Resource } from '#core/model/index.ts';
import type { PendingSeatAdjustment } from '#core/ports.ts';
import * as k from './keys.ts';
import { queryAll } from './query-all.ts';
import { toAuditEntry } from './items.ts';

export interface CallLog {
  callId: string;
  at: string;
  userId: string;
  userDisplayName: string;
  durationSeconds: number;
}

export class AccountQueries {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async callLogs(accountId: string): Promise<CallLog[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calls)',
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ':calls': 'CALL#' },
    });
    return items.map(({ callId, at, userId, userDisplayName, durationSeconds }) => ({
      callId,
      at,
      userId,
      userDisplayName,
      durationSeconds,
    })) as CallLog[];
  }

  /** Audit entries, newest first. */
  async auditLog(accountId: string, limit = 50): Promise<AuditEntry[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': k.auditPk(accountId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toAuditEntry);
  }

  /** Resources with their members: one Query returns each resource followed by its memberships. */
  async resources(accountId: string): Promise<Resource[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :res)',
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ':res': 'RES#' },
    });
    const byKey = new Map<string, Resource>();
    for (const item of items) {
      const key = `${item.type}#${item.id}`;
      if (item.entity === 'RESOURCE') {
        byKey.set(key, {
          accountId,
          type: item.type,
          id: item.id,
          name: item.name,
          ownerId: item.ownerId,
          members: [],
        });
      } else if (item.entity === 'MEMBERSHIP') {
        byKey.get(key)?.members.push(item.userId as string);
      }
    }
    return [...byKey.values()];
  }

  async pendingSeatAdjustments(accountId: string): Promise<PendingSeatAdjustment[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :adj)',
      FilterExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ':adj': 'SEATADJ#', ':pending': 'PENDING' },
    });
    return items.map(({ accountId: a, removalId, seats, effectiveOn }) => ({
      accountId: a,
      removalId,
      seats,
      effectiveOn,
    }));
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>) {
    return queryAll(this.db, { ...input, TableName: this.tableName, ConsistentRead: true });
  }
}
