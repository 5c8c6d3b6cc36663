// The removal aggregate on DynamoDB: the record's lifecycle (removal-record.ts builds every write
// from the transition table) and the user-side changes that move with it in one transaction —
// taking the user, removing it, giving it back. Every write conditional.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  NotFoundError,
  OwnershipChangedError,
  RemovalCancelledError,
  RemovalInProgressError,
  TransientStoreError,
  NotAwaitingDecisionError,
  NotCancellableError,
} from '#core/errors.ts';
import type { LiveUserStatus, RemovalRequest, RemovalStatus, User, UserStatus } from '#core/model/index.ts';
import type { RemovalStore } from '#core/ports.ts';
import { TABLE_DESIGN } from './table-design.ts';
import { decodeCursor, INDEX_KEY, pageOf } from './cursors.ts';
import * as k from './keys.ts';
import { KEY_TOP } from './key-prefix.ts';
import { batchGetAll } from './item-io.ts';
import { requesterNoLongerAdmin, withRequesterCheck } from './requester-check.ts';
import { namedItems, type TransactItem } from './transact.ts';
import {
  auditItem,
  LOOKUP_ATTRIBUTES,
  outboxItem,
  scheduledRemovalIndexKeys,
  toAccount,
  toRemoval,
  toUser,
} from './items.ts';
import { newRemovalAttributes, removalTransition } from './removal-record.ts';
import { TableStore } from './table-store.ts';

/** A removal step that was refused because the removal itself is no longer runnable (e.g. cancelled). */
export class RemovalNotRunnableError extends Error {
  override readonly name = 'REMOVAL_NOT_RUNNABLE';
}

type Args<M extends keyof RemovalStore> = Parameters<RemovalStore[M]>[0];

export class DynamoRemovalStore extends TableStore implements RemovalStore {
  async getRemoval(removalId: string) {
    return this.readRemoval(removalId);
  }

  async getRemovals(removalIds: readonly string[]) {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(removalIds)].map((id) => k.key(k.removalPk(id), k.REMOVAL_SK)),
    );
    return new Map(items.map((item) => [String(item.removalId), toRemoval(item)]));
  }

  async getRemovalContext({ accountId, userIds, removalId }: Args<'getRemovalContext'>) {
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

  async listRemovals(
    accountId: string,
    filter: { status?: RemovalStatus | undefined },
    limit: number,
    cursor?: string,
  ) {
    const partition = k.removalsIndexPk(accountId);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE_DESIGN.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ...(filter.status
          ? {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pk': partition, ':status': filter.status },
            }
          : { ExpressionAttributeValues: { ':pk': partition } }),
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: cursor
          ? decodeCursor(
              cursor,
              { pk: /^REMOVAL#.{1,100}$/, sk: 'REMOVAL', gsi1pk: partition, gsi1sk: /^\d{4}-[^#]{1,40}#.{1,100}$/ },
              'this list of removals',
            )
          : undefined,
      }),
    );
    const page = pageOf(out.Items ?? [], limit, out.LastEvaluatedKey, INDEX_KEY);
    return { removals: (await this.readIndexed(page.items)).map(toRemoval), nextCursor: page.nextCursor };
  }

  async getIdempotency(accountId: string, callerId: string, key: string) {
    const item = await this.get(k.idempotencyPk(accountId, callerId, key), k.IDEMPOTENCY_SK);
    if (!item || (typeof item.expiresAt === 'number' && item.expiresAt * 1000 < Date.now())) return undefined;
    return { requestHash: item.requestHash as string, removalId: item.removalId as string };
  }

  async createRemoval({ request, status, effectiveAt, user, idempotency, audit, outbox }: Args<'createRemoval'>) {
    const creation = namedItems([
      [
        'removal',
        {
          Put: {
            TableName: this.tableName,
            // The record's creation; every later change of its status is a transition (removal-record.ts).
            Item: {
              ...k.key(k.removalPk(request.removalId), k.REMOVAL_SK),
              ...newRemovalAttributes(request),
              // The name stays readable in lists after the user is removed (and no longer listed).
              userDisplayName: user.displayName,
              status,
              step: status === 'SCHEDULED' ? 'SCHEDULED' : 'REQUESTED',
              effectiveAt,
              // Found by the overdue sweep should its schedule never fire (core/removal/start-overdue.ts).
              ...(status === 'SCHEDULED' && effectiveAt
                ? scheduledRemovalIndexKeys(effectiveAt, request.removalId)
                : {}),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      [
        'user',
        {
          // R10: one pending removal per user; the user must still be as the checks saw it.
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(user.accountId), k.userSk(user.userId)),
            // R6: a removal that runs now ends the user's access with this write (the 202), not when
            // its workflow's first step runs; a scheduled one leaves it working until it starts.
            UpdateExpression:
              status === 'RUNNING'
                ? 'SET pendingRemovalId = :rid, accessEndedBy = :rid'
                : 'SET pendingRemovalId = :rid',
            ConditionExpression: 'version = :version AND attribute_not_exists(pendingRemovalId)',
            ExpressionAttributeValues: { ':rid': request.removalId, ':version': user.version },
          },
        },
      ],
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
      ['outbox', outbox ? { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } } : undefined],
      [
        'idempotency key',
        idempotency
          ? {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...k.key(k.idempotencyPk(request.accountId, idempotency.callerId, idempotency.key), k.IDEMPOTENCY_SK),
                  entity: 'IDEMPOTENCY',
                  requestHash: idempotency.requestHash,
                  removalId: request.removalId,
                  expiresAt: idempotency.expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            }
          : undefined,
      ],
    ]);
    // The requester check goes last: the codes of the named items keep their places.
    const checked = withRequesterCheck(this.tableName, creation.items, audit);
    await this.transactOrExplain('requesting the removal', checked.items, async (codes) => {
      if (checked.requesterFailed(codes)) throw requesterNoLongerAdmin();
      if (creation.failed(codes).has('user')) {
        const current = await this.get(k.accountPk(user.accountId), k.userSk(user.userId));
        const pending = current?.pendingRemovalId as string | undefined;
        if (pending) throw new RemovalInProgressError(pending);
      }
      // The user changed, or the same Idempotency-Key raced in: the client's retry resolves it.
      throw new TransientStoreError('The user or the request changed meanwhile; try again');
    });
  }

  async listOverdueScheduled(asOf: string, limit: number) {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE_DESIGN.gsi2.name,
        // Up to the last key of `asOf`: above any removalId at that time.
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :last',
        ExpressionAttributeValues: {
          ':pk': k.SCHEDULED_REMOVALS_INDEX_PK,
          ':last': k.scheduledRemovalIndexSk(asOf, KEY_TOP),
        },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => String(item.removalId));
  }

  async forgetScheduled(removalId: string) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: k.key(k.removalPk(removalId), k.REMOVAL_SK),
          UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :scheduled',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':scheduled': 'SCHEDULED' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async rescheduleRemoval({ removalId, effectiveAt, audit, outbox }: Args<'rescheduleRemoval'>) {
    await this.transactOrExplain(
      'rescheduling the removal',
      [
        removalTransition(
          this.tableName,
          'reschedule',
          { removalId },
          { set: { effectiveAt, ...scheduledRemovalIndexKeys(effectiveAt, removalId) } },
        ),
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
        { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } },
      ],
      async () => {
        const current = await this.get(k.removalPk(removalId), k.REMOVAL_SK);
        throw new NotCancellableError(removalId, (current?.status as string) ?? 'unknown');
      },
    );
  }

  async recordDecision({ removalId, decision, audit }: Args<'recordDecision'>) {
    await this.transactOrExplain(
      'recording the decision',
      [
        removalTransition(this.tableName, 'decide', { removalId }, { set: { decision }, remove: ['taskToken'] }),
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
      ],
      async () => {
        const current = await this.get(k.removalPk(removalId), k.REMOVAL_SK);
        throw new NotAwaitingDecisionError(removalId, (current?.status as string) ?? 'unknown');
      },
    );
  }

  async cancelRemoval({ removal, cancelledAt, cancelledBy, audit, outbox }: Args<'cancelRemoval'>) {
    await this.transactOrExplain(
      'cancelling the removal',
      [
        removalTransition(
          this.tableName,
          'cancel',
          { removalId: removal.removalId },
          { set: { endedAt: cancelledAt, cancelledBy } },
        ),
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(removal.accountId), k.userSk(removal.userId)),
            UpdateExpression: 'REMOVE pendingRemovalId',
            ConditionExpression: 'pendingRemovalId = :rid',
            ExpressionAttributeValues: { ':rid': removal.removalId },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
        ...(outbox ? [{ Put: { TableName: this.tableName, Item: outboxItem(outbox, cancelledAt) } }] : []),
      ],
      async () => {
        const current = await this.get(k.removalPk(removal.removalId), k.REMOVAL_SK);
        throw new NotCancellableError(removal.removalId, (current?.status as string) ?? 'unknown');
      },
    );
  }

  async beginRemoval({
    request,
    user,
    startedAt,
    audit,
    outbox,
    assumed,
  }: Args<'beginRemoval'>): Promise<'begun' | 'stale'> {
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
              'SET #status = :removing, gsi2pk = :listed, previousStatus = :previous, removalId = :rid, pendingRemovalId = :rid, version = version + :one ADD tokenGeneration :one',
            // The holdings Authorize read still hold: after this write nothing can be handed to the
            // user any more (it is no valid target), so they only shrink as its batches commit.
            ConditionExpression: `version = :version AND #status IN (:active, :inactive) AND (attribute_not_exists(pendingRemovalId) OR pendingRemovalId = :rid) AND ${unchanged('ownedCount', user.ownedCount)} AND ${unchanged('memberCount', user.memberCount)}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':removing': 'REMOVING',
              ':listed': k.liveUsersIndexPk(user.accountId, 'REMOVING'),
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
      [
        'removal',
        removalTransition(
          this.tableName,
          'authorize',
          { request },
          // Taking the user unread: the record must hold this very request (R14).
          { set: { startedAt }, ...(assumed ? { recordedRequest: request } : {}) },
        ),
      ],
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
        const removal = await this.readRemoval(request.removalId);
        // A cancellation that won the race ends the run as a clean cancellation (nothing was taken).
        if (removal?.status === 'CANCELLED')
          throw new RemovalCancelledError(`Removal ${request.removalId} was cancelled before it started`);
        throw new RemovalNotRunnableError(`Removal ${request.removalId} is ${removal?.status ?? 'missing'}`);
      }
      const current = await this.readUser(user.accountId, user.userId);
      if (current?.status === 'REMOVING' && current.removalId === request.removalId) return 'begun' as const; // our own earlier commit
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      if (current?.status === 'REMOVING') throw new RemovalInProgressError(current.removalId ?? 'unknown');
      // The user changed between the check and the write: re-run the step, which re-checks R1–R3.
      throw new TransientStoreError(`User ${user.userId} changed while the removal started`);
    });
    return outcome ?? 'begun';
  }

  async awaitDecision({ removalId, taskToken, at }: Args<'awaitDecision'>) {
    const { Update } = removalTransition(
      this.tableName,
      'awaitDecision',
      { removalId },
      { set: { taskToken, awaitingSince: at } },
    );
    await this.db.send(new UpdateCommand(Update!));
  }

  async completeRemoval({ request, user, completed, adjustment, audit }: Args<'completeRemoval'>) {
    const { accountId, userId, removalId } = request;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: k.key(k.accountPk(accountId), k.userSk(userId)),
          // The tombstone keeps displayName so call logs and audit stay attributed (R7).
          // …and leaves the live-users index: no list reads it again.
          UpdateExpression:
            'SET #status = :removed, removedAt = :at, version = version + :one REMOVE pendingRemovalId, gsi2pk, gsi2sk',
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
      // Its look-up claims go with it: a removed user matches no SCIM filter.
      ...LOOKUP_ATTRIBUTES.flatMap((attribute) =>
        user[attribute]
          ? [
              {
                Delete: {
                  TableName: this.tableName,
                  Key: k.key(k.accountPk(accountId), k.lookupSk(attribute, user[attribute] as string, userId)),
                },
              },
            ]
          : [],
      ),
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
      const current = await this.readUser(accountId, userId);
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
    taken,
    cancelled,
    audit,
    outbox,
  }: Args<'failRemoval'>) {
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
      ['user', releaseUser ? this.releaseUserItem(request, restoreTo, taken) : undefined],
    ]);
    const outcome = await this.transactOrExplain('recording the failure', failing.items, async (codes) => {
      if (failing.failed(codes).has('removal')) {
        const removal = await this.readRemoval(removalId);
        if (removal?.status === 'FAILED') return 'already-failed' as const;
        if (removal?.status === 'COMPLETED') return 'already-completed' as const;
      }
      // The user changed under us (e.g. no longer held): the retried step re-reads it.
      throw new TransientStoreError(`Could not record the failure of removal ${removalId} yet`);
    });
    return outcome ?? (cancelled ? ('cancelled' as const) : ('failed' as const));
  }

  /**
   * The user released from a removal that ended without removing it, left `restoreTo` if given:
   * if the removal had taken it (REMOVING), from there; if it had only ended its access (accepted to
   * run at once), from its status — and its token generation moves on, as a start would have (R6, R13).
   */
  private releaseUserItem(request: RemovalRequest, restoreTo: UserStatus | null, taken: boolean): TransactItem {
    const { accountId, userId, removalId } = request;
    return {
      Update: {
        TableName: this.tableName,
        Key: k.key(k.accountPk(accountId), k.userSk(userId)),
        UpdateExpression: !restoreTo
          ? 'SET version = version + :one REMOVE pendingRemovalId'
          : taken
            ? 'SET #status = :restore, gsi2pk = :listed, version = version + :one REMOVE removalId, previousStatus, pendingRemovalId'
            : 'SET #status = :restore, gsi2pk = :listed, version = version + :one ADD tokenGeneration :one REMOVE pendingRemovalId',
        ConditionExpression:
          restoreTo && taken
            ? '#status = :removing AND removalId = :rid'
            : 'pendingRemovalId = :rid AND #status <> :removing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...(restoreTo
            ? { ':restore': restoreTo, ':listed': k.liveUsersIndexPk(accountId, restoreTo as LiveUserStatus) }
            : {}),
          ':removing': 'REMOVING',
          ':rid': removalId,
          ':one': 1,
        },
      },
    };
  }
}

const holdsAnything = (user: User) => (user.ownedCount ?? 0) > 0 || (user.memberCount ?? 0) > 0;

/** A condition that a counter is as read: absent if it was absent, else equal (`:name` holds the value). */
const unchanged = (name: 'ownedCount' | 'memberCount', value: number | undefined) =>
  value === undefined ? `attribute_not_exists(${name})` : `${name} = :${name}`;
