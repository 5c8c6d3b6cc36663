// The removal workflow's store on DynamoDB: every write conditional, every multi-item change one
// transaction, every lookup of a user's things a Query on the owner index (never a Scan).
import { UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  InvalidReassignmentTargetError,
  NotFoundError,
  OwnershipChangedError,
  RemovalCancelledError,
  RemovalInProgressError,
  TransientStoreError,
} from '#core/errors.ts';
import {
  resourceKey,
  rotationsOf,
  type MemberStatus,
  type PlanBatch,
  type RemovalRequest,
  type ResourceRef,
  type User,
  type UserStatus,
} from '#core/model/index.ts';
import type { Ownership, RemovalStore } from '#core/ports.ts';
import { TABLE_DESIGN } from './table-design.ts';
import * as k from './keys.ts';
import { queryAll } from './query-all.ts';
import { batchGetAll, batchPutAll, getItem } from './item-io.ts';
import { requesterNoLongerAdmin, withRequesterCheck } from './requester-check.ts';
import { namedItems, transactOrExplain, type TransactItem } from './transact.ts';
import { auditItem, outboxItem, toAccount, toPlanBatch, toRemoval, toResourceRef, toUser } from './items.ts';
import { removalTransition } from './removal-record.ts';

/** What one batch changes on one resource item: its owner, its member map, or both. */
interface ResourceUpdate {
  ref: ResourceRef;
  sets: string[];
  removes: string[];
  conditions: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** A removal step that was refused because the removal itself is no longer runnable (e.g. cancelled). */
export class RemovalNotRunnableError extends Error {
  override readonly name = 'REMOVAL_NOT_RUNNABLE';
}

export class DynamoRemovalStore implements RemovalStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ── reads ────────────────────────────────────────────────────────────────────────────────────

  async getAccount(accountId: string) {
    const item = await this.get(k.accountPk(accountId), k.ACCOUNT_SK);
    return item && toAccount(item);
  }

  async getUser(accountId: string, userId: string) {
    const item = await this.get(k.accountPk(accountId), k.userSk(userId));
    return item && toUser(item);
  }

  async getUsers(accountId: string, userIds: readonly string[]) {
    const keys = [...new Set(userIds)].map((id) => k.key(k.accountPk(accountId), k.userSk(id)));
    const items = await batchGetAll(this.db, this.tableName, keys);
    return new Map(items.map((item) => [item.userId as string, toUser(item)]));
  }

  async getRemovalContext({ accountId, userIds, removalId }: Parameters<RemovalStore['getRemovalContext']>[0]) {
    const items = await batchGetAll(this.db, this.tableName, [
      k.key(k.accountPk(accountId), k.ACCOUNT_SK),
      ...(removalId ? [k.key(k.removalPk(removalId), k.REMOVAL_SK)] : []),
      ...[...new Set(userIds)].map((id) => k.key(k.accountPk(accountId), k.userSk(id))),
    ]);
    const account = items.find((i) => i.entity === 'ACCOUNT');
    const removal = items.find((i) => i.entity === 'REMOVAL');
    return {
      account: account && toAccount(account),
      users: new Map(items.filter((i) => i.entity === 'USER').map((i) => [i.userId as string, toUser(i)])),
      removal: removal && toRemoval(removal),
    };
  }

  async getRemoval(removalId: string) {
    const item = await this.get(k.removalPk(removalId), k.REMOVAL_SK);
    return item && toRemoval(item);
  }

  async findUserByEmail(accountId: string, email: string) {
    const claim = await this.get(k.accountPk(accountId), k.emailSk(email));
    return claim ? this.getUser(accountId, claim.userId as string) : undefined;
  }

  async awaitDecision({ removalId, taskToken, at }: Parameters<RemovalStore['awaitDecision']>[0]) {
    const { Update } = removalTransition(
      this.tableName,
      'awaitDecision',
      { removalId },
      { set: { taskToken, awaitingSince: at } },
    );
    await this.db.send(new UpdateCommand(Update!));
  }

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
      rotations ?? this.getUser(accountId, userId).then((user) => rotationsOf(user)),
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

  async getPlanBatch(removalId: string, batchKey: string) {
    const item = await this.get(k.removalPk(removalId), k.batchSk(batchKey));
    return item && toPlanBatch(item);
  }

  async listAppliedBatches(removalId: string) {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#status = :applied',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': k.removalPk(removalId), ':prefix': 'BATCH#', ':applied': 'APPLIED' },
      ConsistentRead: true,
    });
    return items.map(toPlanBatch);
  }

  // ── writes ───────────────────────────────────────────────────────────────────────────────────

  async beginRemoval({
    request,
    user,
    startedAt,
    audit,
    outbox,
    assumed,
  }: Parameters<RemovalStore['beginRemoval']>[0]): Promise<'begun' | 'stale'> {
    const isActive = (id: string): TransactItem => ({
      ConditionCheck: {
        TableName: this.tableName,
        Key: k.key(k.accountPk(user.accountId), k.userSk(id)),
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'ACTIVE' },
      },
    });
    const assumptions: [string, TransactItem][] = assumed
      ? [
          [
            'account',
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: k.key(k.accountPk(user.accountId), k.ACCOUNT_SK),
                ConditionExpression: '#plan = :plan AND billingCycleDay = :day',
                ExpressionAttributeNames: { '#plan': 'plan' },
                ExpressionAttributeValues: { ':plan': assumed.plan, ':day': assumed.billingCycleDay },
              },
            },
          ],
          // A transaction touches an item once: a requester who is also a target is checked (ACTIVE
          // admin, which includes ACTIVE) by the requester check.
          ...assumed.activeTargets
            .filter((id) => !(audit.actor.type === 'USER' && audit.actor.id === id))
            .map((id): [string, TransactItem] => [`target ${id}`, isActive(id)]),
        ]
      : [];
    const begin = namedItems([
      [
        'user',
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(user.accountId), k.userSk(user.userId)),
            UpdateExpression:
              // R6: the token generation moves on, so every API token issued so far is refused for good.
              'SET #status = :removing, previousStatus = :previous, removalId = :rid, pendingRemovalId = :rid, version = version + :one ADD tokenGeneration :one',
            // The holdings Authorize read still hold: after this write nothing can be handed to the
            // user any more (it is no valid target), so they only shrink as its batches commit.
            ConditionExpression: `version = :version AND #status IN (:active, :inactive) AND (attribute_not_exists(pendingRemovalId) OR pendingRemovalId = :rid) AND ${unchanged('ownedCount', user.ownedCount)} AND ${unchanged('memberCount', user.memberCount)}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':removing': 'REMOVING',
              ':previous': user.status,
              ':rid': request.removalId,
              ':one': 1,
              ':version': user.version,
              ':active': 'ACTIVE',
              ':inactive': 'INACTIVE',
              ...(user.ownedCount === undefined ? {} : { ':ownedCount': user.ownedCount }),
              ...(user.memberCount === undefined ? {} : { ':memberCount': user.memberCount }),
            },
          },
        },
      ],
      ['removal', removalTransition(this.tableName, 'authorize', { request }, { set: { startedAt } })],
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
      ['outbox', { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } }],
      ...assumptions,
    ]);
    // The requester check goes last: the codes of the named items keep their places.
    const { items, requesterFailed } = withRequesterCheck(this.tableName, begin.items, audit);
    // Nothing was read first: any condition that did not hold means "read and check" (changed nothing).
    if (assumed)
      return (await this.transactOrExplain('starting the removal', items, async () => 'stale' as const)) ?? 'begun';
    const outcome = await this.transactOrExplain('starting the removal', items, async (codes) => {
      if (begin.failed(codes).has('removal')) {
        const removal = await this.getRemoval(request.removalId);
        // A cancellation that won the race ends the run as a clean cancellation (nothing was taken).
        if (removal?.status === 'CANCELLED')
          throw new RemovalCancelledError(`Removal ${request.removalId} was cancelled before it started`);
        throw new RemovalNotRunnableError(`Removal ${request.removalId} is ${removal?.status ?? 'missing'}`);
      }
      const current = await this.getUser(user.accountId, user.userId);
      if (current?.status === 'REMOVING' && current.removalId === request.removalId) return 'begun' as const; // our own earlier commit
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      if (current?.status === 'REMOVING') throw new RemovalInProgressError(current.removalId ?? 'unknown');
      // The user changed between the check and the write: re-run the step, which re-checks R1–R3.
      throw new TransientStoreError(`User ${user.userId} changed while the removal started`);
    });
    return outcome ?? 'begun';
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

  async applyBatch(batch: PlanBatch, audit: Parameters<RemovalStore['applyBatch']>[1]) {
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
      targets.add(change.toUserId);
      const update = resourceUpdate(change);
      update.sets.push('ownerId = :to', 'gsi1pk = :toIndex');
      update.conditions.push('ownerId = :from');
      Object.assign(update.values, {
        ':to': change.toUserId,
        ':toIndex': k.userIndexPk(accountId, change.toUserId),
        ':from': userId,
      });
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
    // the user's down, each target's up — in the item that also proves the target is ACTIVE.
    const left = batch.memberships.map((change, i) => [`#left${i}`, resourceKey(change)] as const);
    entries.push([
      'user',
      {
        Update: {
          TableName: this.tableName,
          Key: k.key(k.accountPk(accountId), k.userSk(userId)),
          UpdateExpression:
            'ADD ownedCount :owned, memberCount :member' +
            (left.length > 0 ? ` REMOVE ${left.map(([name]) => `memberOf.${name}`).join(', ')}` : ''),
          ConditionExpression: 'removalId = :rid',
          ...(left.length > 0 ? { ExpressionAttributeNames: Object.fromEntries(left) } : {}),
          ExpressionAttributeValues: {
            ':owned': -batch.ownership.length,
            ':member': -batch.memberships.length,
            ':rid': batch.removalId,
          },
        },
      },
    ]);
    for (const id of targets) {
      const rotations = joined.get(id) ?? [];
      entries.push([
        `user ${id}`,
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(accountId), k.userSk(id)),
            UpdateExpression:
              'ADD ownedCount :owned, memberCount :member' +
              (rotations.length > 0
                ? ` SET ${rotations.map((_, i) => `memberOf.#joined${i} = :name${i}`).join(', ')}`
                : ''),
            ConditionExpression: '#status = :active',
            ExpressionAttributeNames: {
              '#status': 'status',
              ...Object.fromEntries(rotations.map(([key], i) => [`#joined${i}`, key])),
            },
            ExpressionAttributeValues: {
              ':active': 'ACTIVE',
              ':owned': batch.ownership.filter((c) => c.toUserId === id).length,
              ':member': rotations.length,
              ...Object.fromEntries(rotations.map(([, name], i) => [`:name${i}`, name])),
            },
          },
        },
      ]);
    }

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

  async completeRemoval({
    request,
    user,
    completed,
    adjustment,
    audit,
  }: Parameters<RemovalStore['completeRemoval']>[0]) {
    const { accountId, userId, removalId } = request;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: k.key(k.accountPk(accountId), k.userSk(userId)),
          // The tombstone keeps displayName so call logs and audit stay attributed (R7).
          UpdateExpression: 'SET #status = :removed, removedAt = :at, version = version + :one REMOVE pendingRemovalId',
          // R4/R5 proven in the write: the user owns nothing and is in no rotation (its counters,
          // not the eventually consistent owner index).
          ConditionExpression:
            '#status = :removing AND removalId = :rid AND (attribute_not_exists(ownedCount) OR ownedCount = :zero) AND (attribute_not_exists(memberCount) OR memberCount = :zero)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':removed': 'REMOVED',
            ':removing': 'REMOVING',
            ':rid': removalId,
            ':at': completed.removedAt,
            ':one': 1,
            ':zero': 0,
          },
        },
      },
      {
        // The email becomes free for a new invitation (R7).
        Delete: {
          TableName: this.tableName,
          Key: k.key(k.accountPk(accountId), k.emailSk(user.email)),
          ConditionExpression: 'attribute_not_exists(pk) OR userId = :u',
          ExpressionAttributeValues: { ':u': userId },
        },
      },
      {
        // The seat is free at once (R8); billing changes at the next cycle via the adjustment.
        Update: {
          TableName: this.tableName,
          Key: k.key(k.accountPk(accountId), k.ACCOUNT_SK),
          UpdateExpression: 'ADD seatsUsed :minusOne',
          ExpressionAttributeValues: { ':minusOne': -1 },
        },
      },
      { Put: { TableName: this.tableName, Item: auditItem(audit) } },
      removalTransition(
        this.tableName,
        'complete',
        { request },
        {
          set: {
            endedAt: completed.removedAt,
            seat: { released: completed.seatReleased, billingEffectiveOn: completed.billingEffectiveOn },
          },
        },
      ),
    ];
    if (request.requestedBy.type === 'HR_SYSTEM') {
      // R11: a later HR/SSO provisioning of this email is refused until an admin invites it.
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...k.key(k.accountPk(accountId), k.hrRemovedSk(user.email)),
            entity: 'HR_REMOVED',
            email: user.email,
            removalId,
            removedAt: completed.removedAt,
          },
        },
      });
    }
    if (adjustment) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...k.key(k.accountPk(accountId), k.seatAdjustmentSk(adjustment.effectiveOn, removalId)),
            // Pending adjustments of every account, by date: what the billing job Queries (sparse).
            gsi1pk: k.PENDING_ADJUSTMENTS_PK,
            gsi1sk: k.pendingAdjustmentSk(adjustment.effectiveOn, accountId, removalId),
            entity: 'SEAT_ADJUSTMENT',
            status: 'PENDING',
            ...adjustment,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const outcome = await this.transactOrExplain('removing the user', items, async () => {
      const current = await this.getUser(accountId, userId);
      if (current?.status === 'REMOVED' && current.removalId === removalId) return 'already-removed' as const;
      if (current?.status === 'REMOVING' && current.removalId === removalId && holdsAnything(current))
        throw new OwnershipChangedError(
          `User ${userId} still owns ${current.ownedCount ?? 0} resources and is in ${current.memberCount ?? 0} rotations`,
        );
      throw new NotFoundError(`User ${userId} is no longer held by removal ${removalId}`);
    });
    return outcome ?? ('removed' as const);
  }

  async failRemoval({
    request,
    failure,
    failedAt,
    restoreTo,
    releaseUser,
    cancelled,
    audit,
    outbox,
  }: Parameters<RemovalStore['failRemoval']>[0]) {
    const { removalId } = request;
    const failing = namedItems([
      // A cancelled removal's record already says CANCELLED; only the user is given back.
      [
        'removal',
        cancelled
          ? undefined
          : removalTransition(
              this.tableName,
              'fail',
              { request },
              { set: { endedAt: failedAt, failure, restoredStatus: restoreTo } },
            ),
      ],
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
      ['outbox', outbox ? { Put: { TableName: this.tableName, Item: outboxItem(outbox, failedAt) } } : undefined],
      ['user', releaseUser ? this.releaseUserItem(request, restoreTo) : undefined],
    ]);
    const outcome = await this.transactOrExplain('recording the failure', failing.items, async (codes) => {
      if (failing.failed(codes).has('removal')) {
        const removal = await this.getRemoval(removalId);
        if (removal?.status === 'FAILED') return 'already-failed' as const;
        if (removal?.status === 'COMPLETED') return 'already-completed' as const;
      }
      // The user changed under us (e.g. no longer held): the retried step re-reads it.
      throw new TransientStoreError(`Could not record the failure of removal ${removalId} yet`);
    });
    return outcome ?? (cancelled ? ('cancelled' as const) : ('failed' as const));
  }

  /** The user released from a removal that ended without removing it: given back `restoreTo` if it was taken. */
  private releaseUserItem(request: RemovalRequest, restoreTo: UserStatus | null): TransactItem {
    const { accountId, userId, removalId } = request;
    return {
      Update: {
        TableName: this.tableName,
        Key: k.key(k.accountPk(accountId), k.userSk(userId)),
        UpdateExpression: restoreTo
          ? 'SET #status = :restore, version = version + :one REMOVE removalId, previousStatus, pendingRemovalId'
          : 'SET version = version + :one REMOVE pendingRemovalId',
        ConditionExpression: restoreTo
          ? '#status = :removing AND removalId = :rid'
          : 'pendingRemovalId = :rid AND #status <> :removing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...(restoreTo ? { ':restore': restoreTo } : {}),
          ':removing': 'REMOVING',
          ':rid': removalId,
          ':one': 1,
        },
      },
    };
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private get(pk: string, sk: string) {
    return getItem(this.db, this.tableName, k.key(pk, sk));
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>) {
    return queryAll(this.db, { ...input, TableName: this.tableName });
  }

  private transactOrExplain<T>(what: string, items: TransactItem[], explain: (codes: string[]) => Promise<T>) {
    return transactOrExplain(this.db, what, items, explain);
  }
}

const holdsAnything = (user: User) => (user.ownedCount ?? 0) > 0 || (user.memberCount ?? 0) > 0;

/** A condition that a counter is as read: absent if it was absent, else equal (`:name` holds the value). */
const unchanged = (name: 'ownedCount' | 'memberCount', value: number | undefined) =>
  value === undefined ? `attribute_not_exists(${name})` : `${name} = :${name}`;
