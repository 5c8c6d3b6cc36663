// Read-side queries of an account: call logs, audit log, resources, pending seat adjustments.
// Each is a Query on the account's partition or an index, a page at a time where the list can grow; none scans.
import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { resourceKey, rotationsOf, type AuditEntry, type Resource, type ResourceType } from '#core/model/index.ts';
import type {
  AccountViews,
  AuditFilter,
  AuditPage,
  PendingSeatAdjustment,
  ResourceFilter,
  ResourcePage,
} from '#core/ports.ts';
import * as k from './keys.ts';
import { queryAll } from './query-all.ts';
import { batchGetAll } from './item-io.ts';
import { decodeCursor, encodeCursor, INDEX_KEY, NAME_INDEX_KEY, pageOf, TABLE_KEY } from './cursors.ts';
import { TABLE_DESIGN } from './table-design.ts';
import { startsWith } from './key-prefix.ts';
import { ownerIndexPk, toAuditEntry, toCallLogEntry, toResource, toResourceRef } from './items.ts';

/** A resource's sort key and its owner-index sort key (keys.ts), as a cursor may carry them. */
const RESOURCE_SORT_KEY = /^RES#(PHONE_NUMBER|CALL_FLOW|TEAM|ROUTING_RULE)#.{1,100}$/;
const CALL_SORT_KEY = /^CALL#\d{4}-[^#]{1,40}#.{1,100}$/;
const CALL_INDEX_SORT_KEY = /^\d{4}-[^#]{1,40}#.{1,100}$/;
const OWNS_SORT_KEY = /^OWNS#(PHONE_NUMBER|CALL_FLOW|TEAM|ROUTING_RULE)#.{1,100}$/;

const CALLS = startsWith('sk', 'CALL#');
const SEAT_ADJUSTMENTS = startsWith('sk', 'SEATADJ#');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const matchesOwner = (resource: Resource, filter: ResourceFilter) =>
  filter.ownerId === undefined || resource.ownerId === filter.ownerId;

/** How many Queries a filtered audit page may make before it answers with what it has and a cursor. */
const AUDIT_READS_PER_PAGE = 20;

export class DynamoAccountViews implements AccountViews {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Calls newest first, a page at a time: a user's from its index partition, else the account's. */
  async callLogs(accountId: string, filter: { userId?: string | undefined }, limit: number, cursor?: string) {
    const byUser = filter.userId !== undefined;
    const partition = byUser ? k.userCallsIndexPk(accountId, filter.userId as string) : undefined;
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(byUser
          ? {
              IndexName: TABLE_DESIGN.gsi1.name,
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': partition },
            }
          : {
              KeyConditionExpression: `pk = :pk AND ${CALLS.condition}`,
              ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ...CALLS.values },
              ConsistentRead: true,
            }),
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: cursor
          ? decodeCursor(
              cursor,
              {
                pk: k.accountPk(accountId),
                sk: CALL_SORT_KEY,
                ...(partition ? { gsi1pk: partition, gsi1sk: CALL_INDEX_SORT_KEY } : {}),
              },
              'this call log',
            )
          : undefined,
      }),
    );
    const page = pageOf(out.Items ?? [], limit, out.LastEvaluatedKey, byUser ? INDEX_KEY : TABLE_KEY);
    return { calls: page.items.map(toCallLogEntry), nextCursor: page.nextCursor };
  }

  /** Audit entries, newest first, a page at a time; the cursor is opaque to clients. */
  /**
   * A page of the audit log, newest first. A time range is the key range itself; action, actor and
   * target are filtered on the way, so a page keeps reading (a Query at a time, at most
   * AUDIT_READS_PER_PAGE of them) until it is full — a page may then end early with a cursor.
   */
  async auditLog(accountId: string, limit = 50, cursor?: string, filter: AuditFilter = {}): Promise<AuditPage> {
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':pk': k.auditPk(accountId),
      // Audit sort keys start with their ISO time, so only entries are read, whatever else a
      // malformed write once put in this partition (an account id ending in "#AUDIT").
      ':first': filter.from ? `${filter.from}` : k.AUDIT_SK_FIRST,
      ':last': filter.to ? `${filter.to}#\uffff` : k.AUDIT_SK_LAST,
    };
    if (filter.action) {
      conditions.push('#action = :action');
      names['#action'] = 'action';
      values[':action'] = filter.action;
    }
    if (filter.actorId) {
      conditions.push('actor.id = :actorId');
      values[':actorId'] = filter.actorId;
    }
    if (filter.targetUserId) {
      conditions.push('targetUserId = :targetUserId');
      values[':targetUserId'] = filter.targetUserId;
    }
    const entries: AuditEntry[] = [];
    let startKey = cursor
      ? decodeCursor(cursor, { pk: k.auditPk(accountId), sk: AUDIT_SORT_KEY }, 'this audit log')
      : undefined;
    for (let read = 0; read < AUDIT_READS_PER_PAGE && entries.length < limit; read++) {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ExclusiveStartKey: startKey,
        }),
      );
      entries.push(...(out.Items ?? []).map(toAuditEntry));
      startKey = out.LastEvaluatedKey;
      if (!startKey) break;
    }
    return { entries, nextCursor: startKey ? encodeCursor(startKey) : null };
  }

  /**
   * A page of resources, by the narrowest key the filter allows: a member's rotations from its own
   * item (memberOf), an owner's (or the pool's) from the owner index, otherwise the account's
   * resource range (of one type if asked) — never more than a page is read.
   */
  async resources(accountId: string, filter: ResourceFilter, limit: number, cursor?: string): Promise<ResourcePage> {
    if (filter.memberId !== undefined) return this.rotationsOf(accountId, filter, limit, cursor);
    if (filter.q !== undefined && filter.type !== undefined)
      return this.byName(accountId, filter.type, filter.q, limit, cursor);
    const typed = filter.type ? `${filter.type}#` : '';
    if (filter.ownerId !== undefined) {
      const partition = ownerIndexPk(accountId, filter.ownerId);
      const owns = startsWith('gsi1sk', `OWNS#${typed}`);
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE_DESIGN.gsi1.name,
          // OWNS# keys only: the user's partition also holds its older API tokens.
          KeyConditionExpression: `gsi1pk = :pk AND ${owns.condition}`,
          ExpressionAttributeValues: { ':pk': partition, ...owns.values },
          Limit: limit + 1,
          ExclusiveStartKey: cursor
            ? decodeCursor(
                cursor,
                { pk: k.accountPk(accountId), sk: RESOURCE_SORT_KEY, gsi1pk: partition, gsi1sk: OWNS_SORT_KEY },
                'this list of resources',
              )
            : undefined,
        }),
      );
      return this.page(accountId, pageOf(out.Items ?? [], limit, out.LastEvaluatedKey, INDEX_KEY));
    }
    const ofType = startsWith('sk', `RES#${typed}`);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: `pk = :pk AND ${ofType.condition}`,
        ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ...ofType.values },
        Limit: limit + 1,
        ConsistentRead: true,
        ExclusiveStartKey: cursor
          ? decodeCursor(cursor, { pk: k.accountPk(accountId), sk: RESOURCE_SORT_KEY }, 'this list of resources')
          : undefined,
      }),
    );
    return this.page(accountId, pageOf(out.Items ?? [], limit, out.LastEvaluatedKey, TABLE_KEY));
  }

  /**
   * Resources of a type whose name starts with `q`, by name: a page of keys from the by-name index
   * (it projects no resource attributes), then the page's items by key. The index may trail a
   * rename or a delete by a moment, so an item that no longer matches is left out of the page.
   */
  private async byName(accountId: string, type: ResourceType, q: string, limit: number, cursor?: string) {
    const partition = k.resourceNamesIndexPk(accountId, type);
    const prefix = k.nameKey(q);
    const named = startsWith('gsi2sk', prefix);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE_DESIGN.gsi2.name,
        KeyConditionExpression: `gsi2pk = :pk AND ${named.condition}`,
        ExpressionAttributeValues: { ':pk': partition, ...named.values },
        Limit: limit + 1,
        ExclusiveStartKey: cursor
          ? decodeCursor(
              cursor,
              {
                pk: k.accountPk(accountId),
                sk: new RegExp(`^RES#${type}#.{1,100}$`),
                gsi2pk: partition,
                // Inside this search's key range, else DynamoDB refuses the Query itself.
                gsi2sk: new RegExp(`^${escapeRegExp(prefix)}[^]{0,400}$`),
              },
              'this search of resources',
            )
          : undefined,
      }),
    );
    const page = pageOf(out.Items ?? [], limit, out.LastEvaluatedKey, NAME_INDEX_KEY);
    const items = await batchGetAll(
      this.db,
      this.tableName,
      page.items.map((item) => k.key(String(item.pk), String(item.sk))),
    );
    const bySk = new Map(items.map((item) => [String(item.sk), item]));
    const resources = page.items
      .flatMap((item) => bySk.get(String(item.sk)) ?? [])
      .map((item) => toResource(accountId, item))
      .filter((resource) => k.nameKey(resource.name).startsWith(prefix));
    return { resources, nextCursor: page.nextCursor };
  }

  /** A member's rotations: the keys in its item's memberOf, in order, a page of them read by key. */
  private async rotationsOf(accountId: string, filter: ResourceFilter, limit: number, cursor?: string) {
    const after = cursor
      ? String(decodeCursor(cursor, { after: /^(TEAM|ROUTING_RULE)#.{1,100}$/ }, 'this list of rotations').after)
      : '';
    const member = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: k.key(k.accountPk(accountId), k.userSk(filter.memberId as string)),
        ProjectionExpression: 'memberOf',
        ConsistentRead: true,
      }),
    );
    const keys = rotationsOf(member.Item as { memberOf?: Record<string, string> } | undefined)
      .filter((ref) => !filter.type || ref.type === filter.type)
      .filter((ref) => resourceKey(ref) > after);
    const page = keys.slice(0, limit);
    const items = await batchGetAll(
      this.db,
      this.tableName,
      page.map((ref) => k.resourceKeyOf(accountId, ref)),
    );
    const byKey = new Map(items.map((item) => [resourceKey(toResourceRef(item)), item]));
    const inOrder = page.flatMap((ref) => byKey.get(resourceKey(ref)) ?? []);
    const last = page.at(-1);
    return {
      resources: inOrder.map((item) => toResource(accountId, item)).filter((r) => matchesOwner(r, filter)),
      nextCursor: keys.length > limit && last ? encodeCursor({ after: resourceKey(last) }) : null,
    };
  }

  private page(accountId: string, page: { items: Record<string, unknown>[]; nextCursor: string | null }) {
    return { resources: page.items.map((item) => toResource(accountId, item)), nextCursor: page.nextCursor };
  }

  async pendingSeatAdjustments(accountId: string): Promise<PendingSeatAdjustment[]> {
    const items = await this.queryAll({
      KeyConditionExpression: `pk = :pk AND ${SEAT_ADJUSTMENTS.condition}`,
      FilterExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ...SEAT_ADJUSTMENTS.values, ':pending': 'PENDING' },
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

/** An audit sort key: `at#id`, at an ISO time. */
const AUDIT_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[^#]{1,40}#.{1,400}$/;
