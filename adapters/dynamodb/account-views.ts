// Read-side queries of an account: call logs, audit log, resources, pending seat adjustments.
// Each is a Query on the account's partition; none scans the table.
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Resource } from '#core/model/index.ts';
import type { AccountViews, AuditPage, CallLogEntry, PendingSeatAdjustment } from '#core/ports.ts';
import { ValidationFailedError } from '#core/errors.ts';
import * as k from './keys.ts';
import { queryAll } from './query-all.ts';
import { toAuditEntry, toResourceRef } from './items.ts';

export class DynamoAccountViews implements AccountViews {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async callLogs(accountId: string, userId?: string): Promise<CallLogEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calls)',
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ':calls': 'CALL#' },
    });
    return items
      .filter((item) => !userId || item.userId === userId)
      .map(({ callId, at, userId: caller, userDisplayName, durationSeconds }) => ({
        callId,
        at,
        userId: caller,
        userDisplayName,
        durationSeconds,
      }));
  }

  /** Audit entries, newest first, a page at a time; the cursor is opaque to clients. */
  async auditLog(accountId: string, limit = 50, cursor?: string): Promise<AuditPage> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        // Audit sort keys start with their ISO time, so only entries are read, whatever else a
        // malformed write once put in this partition (an account id ending in "#AUDIT").
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': k.auditPk(accountId),
          ':first': k.AUDIT_SK_FIRST,
          ':last': k.AUDIT_SK_LAST,
        },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor, k.auditPk(accountId)) : undefined,
      }),
    );
    return {
      entries: (out.Items ?? []).map(toAuditEntry),
      nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null,
    };
  }

  /** Resources with their members (a rotation's `memberIds`): one Query of the account's resources. */
  async resources(accountId: string, ownerId?: string): Promise<Resource[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :res)',
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ':res': 'RES#' },
    });
    const resources = items.map((item): Resource => ({
      ...toResourceRef(item),
      accountId,
      ownerId: String(item.ownerId),
      members: Object.keys((item.memberIds ?? {}) as Record<string, unknown>).sort(),
    }));
    return ownerId ? resources.filter((r) => r.ownerId === ownerId) : resources;
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

const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A cursor from this account's audit partition, or VALIDATION_FAILED (never another partition). */
function decodeCursor(cursor: string, expectedPk: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // Only a key this audit log could have handed out: its partition, a non-empty `at#id` sort key.
    if (
      key.pk === expectedPk &&
      typeof key.sk === 'string' &&
      /^\d{4}-\d{2}-\d{2}T[^#]{1,40}#.{1,400}$/.test(key.sk) &&
      Object.keys(key).length === 2
    )
      return key;
  } catch {
    // fall through to the refusal
  }
  throw new ValidationFailedError('The cursor is not valid', [
    { path: 'cursor', message: 'not a cursor of this audit log' },
  ]);
}
