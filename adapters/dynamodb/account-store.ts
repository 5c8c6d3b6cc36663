// Account administration on DynamoDB: users, ownership, removal requests and API tokens. Each
// change is one conditional transaction, so a refused or racing request changes nothing.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  AccessRevokedError,
  EmailInUseError,
  InvalidNewOwnerError,
  NotAwaitingDecisionError,
  NotCancellableError,
  RemovalInProgressError,
  ReprovisioningRefusedError,
  SeatLimitReachedError,
  TransientStoreError,
} from '#core/errors.ts';
import type { AccountStore } from '#core/ports.ts';
import { memberStatusOf, rotationsOf } from '#core/model/index.ts';
import { MAX_TRANSACTION_ITEMS } from '#core/removal/batching.ts';
import { hashApiToken, type ApiToken } from '#core/tokens/api-token.ts';
import { TABLE_DESIGN } from './table-design.ts';
import * as k from './keys.ts';
import { newRemovalAttributes, removalTransition } from './removal-record.ts';
import { getItem } from './item-io.ts';
import { auditItem, emailClaimItem, outboxItem, toApiToken, toRemoval, toUser, userItem } from './items.ts';
import { requesterNoLongerAdmin, withRequesterCheck } from './requester-check.ts';
import { namedItems, transactOrExplain, type TransactItem } from './transact.ts';
import { queryAll } from './query-all.ts';

type Args<M extends keyof AccountStore> = Parameters<AccountStore[M]>[0];

export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findAccountsOfUser(userId: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: TABLE_DESIGN.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': k.userIdIndexPk(userId) },
      ProjectionExpression: 'accountId',
    });
    return items.map((i) => i.accountId as string);
  }

  async listUsers(accountId: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :users)',
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ':users': 'USER#' },
      ConsistentRead: true,
    });
    return items.map(toUser);
  }

  async addUser({ user, seatLimit, audit, outbox, provisionedBy = 'USER' }: Args<'addUser'>) {
    const add = namedItems([
      [
        'seat',
        {
          // The seat is taken atomically: two admins racing for the last seat cannot both win (R8).
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(user.accountId), k.ACCOUNT_SK),
            // A new seat is billed at once; a released one only from the next cycle (R8).
            UpdateExpression: 'ADD seatsUsed :one, billedSeats :one',
            ConditionExpression: seatLimit === null ? 'attribute_exists(pk)' : 'seatsUsed < :limit',
            ExpressionAttributeValues: { ':one': 1, ...(seatLimit === null ? {} : { ':limit': seatLimit }) },
          },
        },
      ],
      [
        'email',
        {
          Put: {
            TableName: this.tableName,
            Item: emailClaimItem(user),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      [
        'user',
        { Put: { TableName: this.tableName, Item: userItem(user), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
      ['outbox', { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } }],
      // An explicit invitation lifts R11's block on re-provisioning this email; HR/SSO
      // provisioning must not lift it, so the condition makes such an add fail instead.
      [
        'hr removal',
        provisionedBy === 'HR_SYSTEM'
          ? {
              ConditionCheck: {
                TableName: this.tableName,
                Key: k.key(k.accountPk(user.accountId), k.hrRemovedSk(user.email)),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            }
          : {
              Delete: { TableName: this.tableName, Key: k.key(k.accountPk(user.accountId), k.hrRemovedSk(user.email)) },
            },
      ],
    ]);
    // The requester check goes last: the codes of `add`'s items keep their places.
    const { items, requesterFailed } = withRequesterCheck(this.tableName, add.items, audit);
    await this.transact('adding the user', items, async (codes) => {
      const failed = add.failed(codes);
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      if (failed.has('hr removal')) throw new ReprovisioningRefusedError(user.email);
      if (failed.has('seat')) throw new SeatLimitReachedError(await this.planOf(user.accountId), seatLimit ?? 0);
      if (failed.has('email')) throw new EmailInUseError(user.email);
      throw new TransientStoreError('The new user id collided; try again');
    });
  }

  async changeUserStatus({ user, to, audit, outbox }: Args<'changeUserStatus'>) {
    // R5: every rotation the user is in records whether it takes calls (items.ts), in the same write
    // when they fit one transaction; otherwise the rotations first, then the user (until the user's
    // write, a rotation only under-counts who takes calls, which makes a removal replace, not skip).
    const rotations = rotationsOf(user).map((ref): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: k.resourceKeyOf(user.accountId, ref),
        UpdateExpression: 'SET memberIds.#member = :status',
        ConditionExpression: 'attribute_exists(memberIds.#member)',
        ExpressionAttributeNames: { '#member': user.userId },
        ExpressionAttributeValues: { ':status': memberStatusOf(to) },
      },
    }));
    const { items, requesterFailed } = withRequesterCheck(
      this.tableName,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(user.accountId), k.userSk(user.userId)),
            // R6: deactivation moves the token generation on, so no API token issued so far works again.
            UpdateExpression: `SET #status = :to, version = version + :one${to === 'INACTIVE' ? ' ADD tokenGeneration :one' : ''}`,
            // Still in the rotations read (joining one moves memberCount, not the version).
            ConditionExpression: `version = :version AND #status = :from AND ${
              user.memberCount === undefined ? 'attribute_not_exists(memberCount)' : 'memberCount = :memberCount'
            }`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':to': to,
              ':from': user.status,
              ':version': user.version,
              ':one': 1,
              ...(user.memberCount === undefined ? {} : { ':memberCount': user.memberCount }),
            },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
        { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } },
      ],
      audit,
    );
    const changedMeanwhile = async () => {
      throw new TransientStoreError(`User ${user.userId} changed meanwhile; try again`);
    };
    const together = items.length + rotations.length <= MAX_TRANSACTION_ITEMS;
    if (!together)
      for (let i = 0; i < rotations.length; i += MAX_TRANSACTION_ITEMS)
        await this.transact(
          'recording the status in the rotations',
          rotations.slice(i, i + MAX_TRANSACTION_ITEMS),
          changedMeanwhile,
        );
    // The rotations after the requester check: its code keeps its place.
    await this.transact('changing the user status', together ? [...items, ...rotations] : items, async (codes) => {
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      return changedMeanwhile();
    });
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
    await this.transact('transferring ownership', transfer.items, async (codes) => {
      if (transfer.failed(codes).has('new owner')) throw new InvalidNewOwnerError(to.userId);
      throw new TransientStoreError('Ownership changed meanwhile; try again');
    });
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
              status,
              step: status === 'SCHEDULED' ? 'SCHEDULED' : 'REQUESTED',
              effectiveAt,
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
    await this.transact('requesting the removal', checked.items, async (codes) => {
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

  async rescheduleRemoval({ removalId, effectiveAt, audit, outbox }: Args<'rescheduleRemoval'>) {
    await this.transact(
      'rescheduling the removal',
      [
        removalTransition(this.tableName, 'reschedule', { removalId }, { set: { effectiveAt } }),
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
    await this.transact(
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

  async getIdempotency(accountId: string, callerId: string, key: string) {
    const item = await this.get(k.idempotencyPk(accountId, callerId, key), k.IDEMPOTENCY_SK);
    if (!item || (typeof item.expiresAt === 'number' && item.expiresAt * 1000 < Date.now())) return undefined;
    return { requestHash: item.requestHash as string, removalId: item.removalId as string };
  }

  async listRemovals(accountId: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: TABLE_DESIGN.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': k.removalsIndexPk(accountId) },
      ScanIndexForward: false,
    });
    return items.map(toRemoval);
  }

  async cancelRemoval({ removal, cancelledAt, cancelledBy, audit, outbox }: Args<'cancelRemoval'>) {
    await this.transact(
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

  async saveApiToken(record: ApiToken, hash: string) {
    await this.transact(
      'issuing the API token',
      [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...k.key(k.tokenPk(hash), k.TOKEN_SK),
              gsi1pk: k.userIndexPk(record.accountId, record.userId),
              gsi1sk: k.tokenIndexSk(record.tokenId),
              entity: 'API_TOKEN',
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          // Issued only while the owner is ACTIVE at the generation the token carries: a token
          // cannot slip past a removal or deactivation that commits meanwhile (R6).
          ConditionCheck: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(record.accountId), k.userSk(record.userId)),
            ConditionExpression:
              record.generation === 0
                ? '#status = :active AND attribute_not_exists(tokenGeneration)'
                : '#status = :active AND tokenGeneration = :generation',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':active': 'ACTIVE',
              ...(record.generation === 0 ? {} : { ':generation': record.generation }),
            },
          },
        },
      ],
      async () => {
        throw new AccessRevokedError('Your access changed while the token was being issued');
      },
    );
  }

  async findApiToken(secret: string) {
    const item = await this.get(k.tokenPk(hashApiToken(secret)), k.TOKEN_SK);
    if (!item) return undefined;
    return toApiToken(item);
  }

  private async planOf(accountId: string) {
    return ((await this.get(k.accountPk(accountId), k.ACCOUNT_SK))?.plan as string) ?? 'current';
  }

  private get(pk: string, sk: string) {
    return getItem(this.db, this.tableName, k.key(pk, sk));
  }

  private async transact(what: string, items: TransactItem[], onConditionFailed: (codes: string[]) => Promise<never>) {
    await transactOrExplain(this.db, what, items, onConditionFailed);
  }
}
