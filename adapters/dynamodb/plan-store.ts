// The plan aggregate on DynamoDB: what a user holds (the owner index, a Query, never a Scan; its
// rotations from its own item), the batches, and applying one — resources, rotations and the
// users' counters in one transaction, which a retry finds already committed.
import { InvalidReassignmentTargetError, OwnershipChangedError } from '#core/errors.ts';
import { resourceKey, rotationsOf, type MemberStatus, type PlanBatch, type ResourceRef } from '#core/model/index.ts';
import type { Ownership, PlanStore } from '#core/ports.ts';
import { TABLE_DESIGN } from './table-design.ts';
import * as k from './keys.ts';
import { startsWith } from './key-prefix.ts';
import { batchGetAll, batchPutAll } from './item-io.ts';
import { namedItems, type TransactItem } from './transact.ts';
import { holdingsUpdate } from './holdings.ts';
import { auditItem, ownerIndexPk, toPlanBatch, toResourceRef } from './items.ts';
import { TableStore } from './table-store.ts';

const BATCHES = startsWith('sk', 'BATCH#');

/** What one batch changes on one resource item: its owner, its member map, or both. */
interface ResourceUpdate {
  ref: ResourceRef;
  sets: string[];
  removes: string[];
  conditions: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

export class DynamoPlanStore extends TableStore implements PlanStore {
  async listOwnership(accountId: string, userId: string, rotations?: readonly ResourceRef[]): Promise<Ownership> {
    const [items, memberships] = await Promise.all([
      this.queryAll({
        IndexName: TABLE_DESIGN.gsi1.name,
        // OWNS# sorts before TOKEN#: one range condition leaves the user's tokens out.
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :tokens',
        ExpressionAttributeValues: { ':pk': k.userIndexPk(accountId, userId), ':tokens': 'TOKEN#' },
        ProjectionExpression: 'entity, #type, id, #name',
        ExpressionAttributeNames: { '#type': 'type', '#name': 'name' },
      }),
      // The rotations: the user's own memberOf (a consistent read), unless the caller has it.
      rotations ?? this.readUser(accountId, userId).then((user) => rotationsOf(user)),
    ]);
    return { owned: items.filter((i) => i.entity === 'RESOURCE').map(toResourceRef), memberships: [...memberships] };
  }

  async listRotationMembers(accountId: string, rotations: readonly ResourceRef[]) {
    // The member maps of the rotations' items (items.ts): BatchGets of 100, not a Query per rotation.
    const items = await batchGetAll(
      this.db,
      this.tableName,
      rotations.map((ref) => k.resourceKeyOf(accountId, ref)),
    );
    const members = new Map(rotations.map((ref) => [resourceKey(ref), new Map<string, MemberStatus>()]));
    for (const item of items)
      members.set(
        resourceKey(toResourceRef(item)),
        new Map(Object.entries((item.memberIds ?? {}) as Record<string, MemberStatus>)),
      );
    return members;
  }

  async savePlan(batches: PlanBatch[]) {
    const removalId = batches[0]?.removalId;
    if (!removalId) return;
    await batchPutAll(
      this.db,
      this.tableName,
      batches.map((batch) => ({
        ...k.key(k.removalPk(removalId), k.batchSk(batch.batchKey)),
        entity: 'REMOVAL_BATCH',
        status: 'PENDING',
        batch,
      })),
    );
  }

  async getPlanBatch(removalId: string, batchKey: string) {
    const item = await this.get(k.removalPk(removalId), k.batchSk(batchKey));
    return item && toPlanBatch(item);
  }

  async listAppliedBatches(removalId: string) {
    const items = await this.queryAll({
      KeyConditionExpression: `pk = :pk AND ${BATCHES.condition}`,
      FilterExpression: '#status = :applied',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': k.removalPk(removalId), ...BATCHES.values, ':applied': 'APPLIED' },
      ConsistentRead: true,
    });
    return items.map(toPlanBatch);
  }

  async applyBatch(batch: PlanBatch, audit: Parameters<PlanStore['applyBatch']>[1]) {
    const { accountId, userId } = batch;
    const entries: [string, TransactItem][] = [];
    entries.push([
      'marker',
      {
        // The batch's marker: written APPLIED with the batch (what Remove reports from), whether
        // the plan was stored (PENDING) or carried inline by the workflow (absent); a second
        // attempt finds it APPLIED and changes nothing.
        Put: {
          TableName: this.tableName,
          Item: {
            ...k.key(k.removalPk(batch.removalId), k.batchSk(batch.batchKey)),
            entity: 'REMOVAL_BATCH',
            status: 'APPLIED',
            appliedAt: audit.at,
            batch,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        },
      },
    ]);
    entries.push(['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }]);
    // Who must still be ACTIVE when the batch commits: the targets (R4). A witness — another
    // member whose presence lets the user leave a rotation without replacement (R5) — is checked in
    // the rotation's own item, which lists its members' statuses (items.ts).
    const targets = new Set<string>();
    // One update per resource item (a transaction touches an item once): its new owner, its members.
    const resourceUpdates = new Map<string, ResourceUpdate>();
    const resourceUpdate = (ref: ResourceRef) => {
      const key = resourceKey(ref);
      const update = resourceUpdates.get(key) ?? { ref, sets: [], removes: [], conditions: [], names: {}, values: {} };
      resourceUpdates.set(key, update);
      return update;
    };
    for (const change of batch.ownership) {
      const update = resourceUpdate(change);
      update.conditions.push('ownerId = :from');
      update.values[':from'] = userId;
      if (change.toUserId === null) {
        // A number to the account's pool: nobody receives it.
        update.removes.push('ownerId');
        update.sets.push('gsi1pk = :poolIndex');
        update.values[':poolIndex'] = ownerIndexPk(accountId, null);
        continue;
      }
      targets.add(change.toUserId);
      update.sets.push('ownerId = :to', 'gsi1pk = :toIndex');
      Object.assign(update.values, { ':to': change.toUserId, ':toIndex': ownerIndexPk(accountId, change.toUserId) });
    }
    // The rotations each user leaves or joins, by key → name: its memberOf moves with them.
    const joined = new Map<string, [string, string][]>();
    for (const change of batch.memberships) {
      const update = resourceUpdate(change);
      update.removes.push('memberIds.#leaver');
      update.names['#leaver'] = userId;
      update.values[':active'] = 'ACTIVE';
      update.conditions.push('attribute_exists(memberIds.#leaver)');
      if (change.replacedBy) {
        targets.add(change.replacedBy);
        update.sets.push('memberIds.#joiner = :active');
        update.names['#joiner'] = change.replacedBy;
        joined.set(change.replacedBy, [...(joined.get(change.replacedBy) ?? []), [resourceKey(change), change.name]]);
      } else if (change.witnessId) {
        // R5 at the write: the witness still takes calls in this very rotation.
        update.conditions.push('memberIds.#witness = :active');
        update.names['#witness'] = change.witnessId;
      }
    }
    for (const update of resourceUpdates.values()) {
      entries.push([
        resourceKey(update.ref),
        {
          Update: {
            TableName: this.tableName,
            Key: k.resourceKeyOf(accountId, update.ref),
            UpdateExpression: [
              update.sets.length > 0 ? `SET ${update.sets.join(', ')}` : '',
              update.removes.length > 0 ? `REMOVE ${update.removes.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join(' '),
            ...(update.conditions.length > 0 ? { ConditionExpression: update.conditions.join(' AND ') } : {}),
            ...(Object.keys(update.names).length > 0 ? { ExpressionAttributeNames: update.names } : {}),
            ...(Object.keys(update.values).length > 0 ? { ExpressionAttributeValues: update.values } : {}),
          },
        },
      ]);
    }
    // The counters move with what they count (User.ownedCount), and memberOf with the rotations:
    // the user's down, each target's up — in the item that also proves the target may receive (R12).
    entries.push([
      'user',
      holdingsUpdate(this.tableName, {
        accountId,
        userId,
        owned: -batch.ownership.length,
        left: batch.memberships.map((change) => resourceKey(change)),
        require: { removalId: batch.removalId },
      }),
    ]);
    for (const id of targets)
      entries.push([
        `user ${id}`,
        holdingsUpdate(this.tableName, {
          accountId,
          userId: id,
          owned: batch.ownership.filter((c) => c.toUserId === id).length,
          joined: joined.get(id) ?? [],
          require: 'receiver',
        }),
      ]);

    const transaction = namedItems(entries);
    return this.transactOrExplain('reassigning', transaction.items, async (codes) => {
      const failed = transaction.failed(codes);
      if (failed.has('marker')) {
        const marker = await this.get(k.removalPk(batch.removalId), k.batchSk(batch.batchKey));
        if (marker?.status === 'APPLIED') return 'already-applied' as const;
      }
      // A target no longer ACTIVE refuses the removal (R4); a witness gone (or any resource changed)
      // only calls for a new plan.
      const failedTargets = [...targets].filter((id) => failed.has(`user ${id}`));
      if (failedTargets.length > 0) throw new InvalidReassignmentTargetError(failedTargets);
      throw new OwnershipChangedError(`Resources changed during reassignment: ${[...failed].join(', ')}`);
    }).then((outcome) => outcome ?? ('applied' as const));
  }
}
