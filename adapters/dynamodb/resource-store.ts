// Resources outside a removal on DynamoDB: creating, renaming, handing over and deleting numbers,
// call flows, teams and routing rules, and changing a rotation's members. Each change is one
// transaction: the resource item (conditional on being as read), the user items of everyone it
// gives to or takes from (holdings.ts: counters, memberOf, R12), the audit entry, the outbox event
// and the requester's R1 check. A resource that changed since it was read answers 'changed': the
// use case reads again and decides again.
import { InvalidOwnerError, TransientStoreError } from '#core/errors.ts';
import {
  MEMBERSHIP_TYPES,
  resourceKey,
  type AuditEntry,
  type MemberStatus,
  type ResourceType,
} from '#core/model/index.ts';
import type { OutboxEvent } from '#core/events/outbox.ts';
import type { ResourceStore, ResourceWrite, StoredResource } from '#core/ports.ts';
import { MAX_TRANSACTION_ITEMS } from '#core/removal/batching.ts';
import * as k from './keys.ts';
import { holdingsUpdate, mergeHoldings, type HoldingsChange } from './holdings.ts';
import { auditItem, outboxItem, ownerIndexPk, resourceItem, resourceNameIndexKeys, toResource } from './items.ts';
import { requesterNoLongerAdmin, withRequesterCheck } from './requester-check.ts';
import { namedItems, type TransactItem } from './transact.ts';
import { TableStore } from './table-store.ts';

type Args<M extends keyof ResourceStore> = Parameters<ResourceStore[M]>[0];

/** Room in one transaction for users besides the resource, audit, outbox and requester check. */
const USER_ITEMS_PER_TRANSACTION = MAX_TRANSACTION_ITEMS - 4;

/** The condition that the resource's owner is still the one read (absent: the number pool). */
const ownerAsRead = (ownerId: string | null, values: Record<string, unknown>) => {
  if (ownerId === null) return 'attribute_not_exists(ownerId)';
  values[':readOwner'] = ownerId;
  return 'ownerId = :readOwner';
};

export class DynamoResourceStore extends TableStore implements ResourceStore {
  async getResource(accountId: string, ref: { type: ResourceType; id: string }): Promise<StoredResource | undefined> {
    const item = await this.get(k.accountPk(accountId), k.resourceSk(ref));
    if (!item) return undefined;
    return {
      ...toResource(accountId, item),
      memberStatuses: (item.memberIds ?? {}) as Record<string, MemberStatus>,
    };
  }

  async createResource({ resource, audit, outbox }: Args<'createResource'>) {
    const key = resourceKey(resource);
    const users = new Map<string, HoldingsChange>();
    const { accountId } = resource;
    if (resource.ownerId !== null)
      mergeHoldings(users, { accountId, userId: resource.ownerId, owned: 1, require: 'receiver' });
    for (const userId of resource.members)
      mergeHoldings(users, { accountId, userId, joined: [[key, resource.name]], require: 'receiver' });
    const put: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: resourceItem(
          resource,
          resource.members.map((userId) => ({ userId, status: 'ACTIVE' as const })),
        ),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const outcome = await this.commit('creating the resource', put, users, audit, outbox);
    // The id is generated: a collision is a retry's business, not the caller's.
    if (outcome === 'changed') throw new TransientStoreError('The new resource id collided; try again');
  }

  async updateResource({ resource, changes, audit, outbox }: Args<'updateResource'>): Promise<ResourceWrite> {
    const { accountId } = resource;
    const key = resourceKey(resource);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    const conditions = [ownerAsRead(resource.ownerId, values)];
    const users = new Map<string, HoldingsChange>();
    const newOwner = changes.ownerId;
    if (newOwner !== undefined && newOwner !== resource.ownerId) {
      values[':index'] = ownerIndexPk(accountId, newOwner);
      sets.push('gsi1pk = :index');
      if (newOwner === null) removes.push('ownerId');
      else {
        values[':owner'] = newOwner;
        sets.push('ownerId = :owner');
        mergeHoldings(users, { accountId, userId: newOwner, owned: 1, require: 'receiver' });
      }
      if (resource.ownerId !== null)
        mergeHoldings(users, { accountId, userId: resource.ownerId, owned: -1, require: 'exists' });
    }
    const members = Object.keys(resource.memberStatuses);
    let renameLater: string[] = [];
    if (changes.name !== undefined && changes.name !== resource.name) {
      names['#name'] = 'name';
      values[':name'] = changes.name;
      values[':readName'] = resource.name;
      sets.push('#name = :name', 'gsi2pk = :namesPk', 'gsi2sk = :nameSk');
      conditions.push('#name = :readName');
      const nameKeys = resourceNameIndexKeys({ accountId, type: resource.type, id: resource.id, name: changes.name });
      values[':namesPk'] = nameKeys.gsi2pk;
      values[':nameSk'] = nameKeys.gsi2sk;
      // Members' memberOf carries the rotation's name: in this transaction while there is room,
      // the rest right after it (until then those members show the old name; nothing is counted by it).
      const room = Math.max(0, USER_ITEMS_PER_TRANSACTION - users.size);
      const now = members.filter((id, i) => users.has(id) || i < room);
      renameLater = members.filter((id) => !now.includes(id));
      for (const userId of now)
        mergeHoldings(users, { accountId, userId, renamed: [[key, changes.name]], require: 'exists' });
    }
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: k.resourceKeyOf(accountId, resource),
        UpdateExpression: [
          sets.length > 0 ? `SET ${sets.join(', ')}` : '',
          removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join(' '),
        ConditionExpression: conditions.join(' AND '),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    };
    const outcome = await this.commit('changing the resource', update, users, audit, outbox);
    if (outcome === 'done' && changes.name !== undefined)
      await this.renameInMemberOf(accountId, key, changes.name, renameLater);
    return outcome;
  }

  async deleteResource({ resource, audit, outbox }: Args<'deleteResource'>): Promise<ResourceWrite> {
    const { accountId } = resource;
    const key = resourceKey(resource);
    const members = Object.keys(resource.memberStatuses);
    // A rotation larger than a transaction loses its members a transaction at a time first (each
    // one exact: the rotation's map and the members' counters together); the last one deletes it.
    while (members.length > USER_ITEMS_PER_TRANSACTION - 1) {
      const chunk = members.splice(0, USER_ITEMS_PER_TRANSACTION);
      const outcome = await this.leaveInChunk(resource, chunk);
      if (outcome === 'changed') return outcome;
    }
    const values: Record<string, unknown> = { ':count': members.length };
    const names: Record<string, string> = {};
    const conditions = [
      ownerAsRead(resource.ownerId, values),
      members.length === 0
        ? '(attribute_not_exists(memberIds) OR size(memberIds) = :count)'
        : 'size(memberIds) = :count',
      ...members.map((userId, i) => {
        names[`#m${i}`] = userId;
        return `attribute_exists(memberIds.#m${i})`;
      }),
    ];
    const users = new Map<string, HoldingsChange>();
    if (resource.ownerId !== null)
      mergeHoldings(users, { accountId, userId: resource.ownerId, owned: -1, require: 'exists' });
    for (const userId of members) mergeHoldings(users, { accountId, userId, left: [key], require: 'exists' });
    const remove: TransactItem = {
      Delete: {
        TableName: this.tableName,
        Key: k.resourceKeyOf(accountId, resource),
        ConditionExpression: conditions.join(' AND '),
        ...(members.length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    };
    return this.commit('deleting the resource', remove, users, audit, outbox);
  }

  async addMember({ resource, userId, audit, outbox }: Args<'addMember'>): Promise<ResourceWrite> {
    const { accountId } = resource;
    const hasMembers = Object.keys(resource.memberStatuses).length > 0;
    // A rotation nobody is in may have no member map at all (items.ts): the first member writes it.
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: k.resourceKeyOf(accountId, resource),
        UpdateExpression: hasMembers ? 'SET memberIds.#member = :active' : 'SET memberIds = :first',
        ConditionExpression: hasMembers
          ? 'size(memberIds) > :zero AND attribute_not_exists(memberIds.#member)'
          : 'attribute_exists(pk) AND (attribute_not_exists(memberIds) OR size(memberIds) = :zero)',
        ...(hasMembers ? { ExpressionAttributeNames: { '#member': userId } } : {}),
        ExpressionAttributeValues: hasMembers
          ? { ':active': 'ACTIVE', ':zero': 0 }
          : { ':first': { [userId]: 'ACTIVE' }, ':zero': 0 },
      },
    };
    const users = new Map<string, HoldingsChange>();
    mergeHoldings(users, { accountId, userId, joined: [[resourceKey(resource), resource.name]], require: 'receiver' });
    return this.commit('adding the member', update, users, audit, outbox);
  }

  async removeMember({ resource, userId, witnessId, audit, outbox }: Args<'removeMember'>): Promise<ResourceWrite> {
    const { accountId } = resource;
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: k.resourceKeyOf(accountId, resource),
        UpdateExpression: 'REMOVE memberIds.#member',
        // R5 at the write: someone else still takes the rotation's calls.
        ConditionExpression: `attribute_exists(memberIds.#member)${witnessId ? ' AND memberIds.#witness = :active' : ''}`,
        ExpressionAttributeNames: { '#member': userId, ...(witnessId ? { '#witness': witnessId } : {}) },
        ...(witnessId ? { ExpressionAttributeValues: { ':active': 'ACTIVE' } } : {}),
      },
    };
    const users = new Map<string, HoldingsChange>();
    mergeHoldings(users, { accountId, userId, left: [resourceKey(resource)], require: 'exists' });
    return this.commit('removing the member', update, users, audit, outbox);
  }

  /** The resource's change, its users' holdings, audit, event and R1: one transaction, explained. */
  private async commit(
    what: string,
    resourceChange: TransactItem,
    users: Map<string, HoldingsChange>,
    audit: AuditEntry,
    outbox: OutboxEvent | undefined,
  ): Promise<ResourceWrite> {
    // A requester who is also given or taken something is checked in its own update (holdings.ts).
    const requesterId = audit.actor.type === 'USER' ? audit.actor.id : undefined;
    const requesterHolds = requesterId !== undefined && users.has(requesterId);
    if (requesterHolds) users.set(requesterId, { ...users.get(requesterId)!, requester: true });
    const named = namedItems([
      ['resource', resourceChange],
      ...[...users.values()].map(
        (change) => [`user ${change.userId}`, holdingsUpdate(this.tableName, change)] as const,
      ),
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
      ['outbox', outbox ? { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } } : undefined],
    ]);
    const { items, requesterFailed } = requesterHolds
      ? { items: named.items, requesterFailed: () => false }
      : withRequesterCheck(this.tableName, named.items, audit);
    const outcome = await this.transactOrExplain(what, items, async (codes) => {
      const failed = named.failed(codes);
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      if (requesterHolds && failed.has(`user ${requesterId}`)) {
        const requester = await this.readUser(audit.accountId, requesterId);
        if (requester?.status !== 'ACTIVE' || requester.role === 'MEMBER') throw requesterNoLongerAdmin();
      }
      const refused = [...users.values()]
        .filter((change) => change.require === 'receiver' && failed.has(`user ${change.userId}`))
        .map((change) => change.userId);
      if (refused.length > 0) throw new InvalidOwnerError(refused);
      return 'changed' as const;
    });
    return outcome ?? 'done';
  }

  /** Members leaving a rotation that is being deleted, one transaction for this chunk of them. */
  private async leaveInChunk(resource: StoredResource, chunk: string[]): Promise<ResourceWrite> {
    const names = Object.fromEntries(chunk.map((userId, i) => [`#m${i}`, userId]));
    const named = namedItems([
      [
        'resource',
        {
          Update: {
            TableName: this.tableName,
            Key: k.resourceKeyOf(resource.accountId, resource),
            UpdateExpression: `REMOVE ${chunk.map((_, i) => `memberIds.#m${i}`).join(', ')}`,
            ConditionExpression: chunk.map((_, i) => `attribute_exists(memberIds.#m${i})`).join(' AND '),
            ExpressionAttributeNames: names,
          },
        },
      ],
      ...chunk.map(
        (userId) =>
          [
            `user ${userId}`,
            holdingsUpdate(this.tableName, {
              accountId: resource.accountId,
              userId,
              left: [resourceKey(resource)],
              require: 'exists',
            }),
          ] as const,
      ),
    ]);
    const outcome = await this.transactOrExplain('emptying the rotation', named.items, async () => 'changed' as const);
    return outcome ?? 'done';
  }

  /** The rest of a renamed rotation's members; one who left meanwhile is skipped (holdings.ts). */
  private async renameInMemberOf(accountId: string, key: string, name: string, userIds: string[]) {
    if (!MEMBERSHIP_TYPES.some((type) => key.startsWith(`${type}#`))) return;
    for (const userId of userIds)
      await this.transactOrExplain(
        'renaming the rotation in its members',
        [holdingsUpdate(this.tableName, { accountId, userId, renamed: [[key, name]], require: 'exists' })],
        async () => undefined,
      );
  }
}
