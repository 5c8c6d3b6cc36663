// The user aggregate on DynamoDB: users, their email claims and their seat, each change one
// conditional transaction, so a refused or racing request changes nothing.
import {
  TransientStoreError,
  EmailInUseError,
  ReprovisioningRefusedError,
  SeatLimitReachedError,
} from '#core/errors.ts';
import { rotationsOf, memberStatusOf, type User } from '#core/model/index.ts';
import { TABLE_DESIGN } from './table-design.ts';
import * as k from './keys.ts';
import { batchGetAll } from './item-io.ts';
import { requesterNoLongerAdmin, withRequesterCheck } from './requester-check.ts';
import { namedItems, type TransactItem } from './transact.ts';
import { auditItem, outboxItem, toUser, emailClaimItem, lookupItem, LOOKUP_ATTRIBUTES, userItem } from './items.ts';
import { MAX_TRANSACTION_ITEMS } from '#core/removal/batching.ts';
import { TableStore } from './table-store.ts';
import type { UserFilter, UserStore } from '#core/ports.ts';
import { listUsersPage } from './user-listing.ts';
import { startsWith } from './key-prefix.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';

type Args<M extends keyof UserStore> = Parameters<UserStore[M]>[0];

/** An identity provider walks the list within minutes; an hour-old position is not worth keeping. */
const LIST_POSITION_TTL_SECONDS = 3600;

export class DynamoUserStore extends TableStore implements UserStore {
  async getUser(accountId: string, userId: string) {
    return this.readUser(accountId, userId);
  }

  async getUsers(accountId: string, userIds: readonly string[]) {
    const keys = [...new Set(userIds)].map((id) => k.key(k.accountPk(accountId), k.userSk(id)));
    const items = await batchGetAll(this.db, this.tableName, keys);
    return new Map(items.map((item) => [item.userId as string, toUser(item)]));
  }

  async findUserByEmail(accountId: string, email: string) {
    const claim = await this.get(k.accountPk(accountId), k.emailSk(email));
    return claim ? this.readUser(accountId, claim.userId as string) : undefined;
  }

  async findAccountsOfUser(userId: string) {
    const items = await this.queryAll({
      IndexName: TABLE_DESIGN.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': k.userIdIndexPk(userId) },
      ProjectionExpression: 'accountId',
    });
    return items.map((i) => i.accountId as string);
  }

  listUsers(accountId: string, filter: UserFilter, limit: number, cursor?: string) {
    return listUsersPage(this.db, this.tableName, accountId, filter, limit, cursor);
  }

  async findUsersBy(accountId: string, attribute: k.LookupAttribute, value: string) {
    const lookups = startsWith('sk', k.lookupSkPrefix(attribute, value));
    const claims = await this.queryAll({
      KeyConditionExpression: `pk = :pk AND ${lookups.condition}`,
      ExpressionAttributeValues: { ':pk': k.accountPk(accountId), ...lookups.values },
      ConsistentRead: true,
    });
    const users = await this.getUsers(
      accountId,
      claims.map((claim) => claim.userId as string),
    );
    return [...users.values()].filter((u) => u.status !== 'REMOVED' && u[attribute] === value);
  }

  async listPosition(accountId: string, startIndex: number, order?: string) {
    const item = await this.get(k.accountPk(accountId), k.listPositionSk(startIndex, order));
    // TTL deletes late (up to days): an expired position is no position.
    return item && Number(item.expiresAt) > Date.now() / 1000 ? String(item.cursor) : undefined;
  }

  async rememberListPosition(accountId: string, startIndex: number, cursor: string, order?: string) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...k.key(k.accountPk(accountId), k.listPositionSk(startIndex, order)),
          entity: 'LIST_POSITION',
          cursor,
          expiresAt: Math.floor(Date.now() / 1000) + LIST_POSITION_TTL_SECONDS,
        },
      }),
    );
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
        {
          Put: {
            TableName: this.tableName,
            Item: userItem({ createdAt: audit.at, updatedAt: audit.at, ...user }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
      ['outbox', { Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } }],
      ...LOOKUP_ATTRIBUTES.map((attribute): [string, TransactItem | undefined] => [
        attribute,
        user[attribute]
          ? { Put: { TableName: this.tableName, Item: lookupItem(user, attribute, user[attribute] as string) } }
          : undefined,
      ]),
      // An explicit invitation lifts R11's block on re-provisioning this email; HR/SSO
      // provisioning must not lift it, so the condition makes such an add fail instead.
      [
        'hr removal',
        provisionedBy !== 'USER'
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
    await this.transactOrExplain('adding the user', items, async (codes) => {
      const failed = add.failed(codes);
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      if (failed.has('hr removal')) throw new ReprovisioningRefusedError(user.email);
      if (failed.has('seat')) throw new SeatLimitReachedError(await this.planOf(user.accountId), seatLimit ?? 0);
      if (failed.has('email')) throw new EmailInUseError(user.email);
      throw new TransientStoreError('The new user id collided; try again');
    });
  }

  async updateProfile({ user, changes, audit, outbox }: Args<'updateProfile'>) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':version': user.version, ':one': 1, ':updatedAt': audit.at };
    const sets = ['version = version + :one', 'updatedAt = :updatedAt'];
    const removes: string[] = [];
    for (const [field, value] of Object.entries(changes)) {
      names[`#${field}`] = field;
      if (value === undefined || value === null || value === '') removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    const renamed = changes.displayName !== undefined && changes.displayName !== user.displayName;
    if (renamed) {
      // The user's place in the live-users index follows its name.
      sets.push('gsi2sk = :nameSortKey');
      values[':nameSortKey'] = k.nameIndexSk(changes.displayName as string, user.userId);
    }
    const { items, requesterFailed } = withRequesterCheck(
      this.tableName,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(user.accountId), k.userSk(user.userId)),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'version = :version',
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
        ...(outbox ? [{ Put: { TableName: this.tableName, Item: outboxItem(outbox, audit.at) } }] : []),
        ...(renamed ? [this.claimNameUpdate(user, changes.displayName as string)] : []),
        ...LOOKUP_ATTRIBUTES.flatMap((attribute) =>
          attribute in changes ? this.lookupMove(user, attribute, changes[attribute]) : [],
        ),
      ],
      audit,
    );
    await this.transactOrExplain('updating the user', items, async (codes) => {
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      throw new TransientStoreError(`User ${user.userId} changed meanwhile; retry`);
    });
  }

  /** The email claim's copy of the name key, which a search by email skips name matches with. */
  private claimNameUpdate(user: User, displayName: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: k.key(k.accountPk(user.accountId), k.emailSk(user.email)),
        UpdateExpression: 'SET nameKey = :nameKey',
        ConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':nameKey': k.nameKey(displayName), ':userId': user.userId },
      },
    };
  }

  /** The externalId lookup item moved from the user's old id to its new one (none: removed). */
  /** A look-up claim follows its attribute: the old value's goes, the new value's comes. */
  private lookupMove(user: User, attribute: k.LookupAttribute, to: string | undefined): TransactItem[] {
    const from = user[attribute];
    if ((from ?? '') === (to ?? '')) return [];
    return [
      ...(from
        ? [
            {
              Delete: {
                TableName: this.tableName,
                Key: k.key(k.accountPk(user.accountId), k.lookupSk(attribute, from, user.userId)),
              },
            },
          ]
        : []),
      ...(to ? [{ Put: { TableName: this.tableName, Item: lookupItem(user, attribute, to) } }] : []),
    ];
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
            // The live-users index partition follows the status.
            UpdateExpression: `SET #status = :to, gsi2pk = :listed, updatedAt = :updatedAt, version = version + :one${to === 'INACTIVE' ? ' ADD tokenGeneration :one' : ''}`,
            // Still in the rotations read (joining one moves memberCount, not the version).
            ConditionExpression: `version = :version AND #status = :from AND ${
              user.memberCount === undefined ? 'attribute_not_exists(memberCount)' : 'memberCount = :memberCount'
            }`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':to': to,
              ':listed': k.liveUsersIndexPk(user.accountId, to),
              ':from': user.status,
              ':version': user.version,
              ':one': 1,
              ':updatedAt': audit.at,
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
        await this.transactOrExplain(
          'recording the status in the rotations',
          rotations.slice(i, i + MAX_TRANSACTION_ITEMS),
          changedMeanwhile,
        );
    // The rotations after the requester check: its code keeps its place.
    await this.transactOrExplain(
      'changing the user status',
      together ? [...items, ...rotations] : items,
      async (codes) => {
        if (requesterFailed(codes)) throw requesterNoLongerAdmin();
        return changedMeanwhile();
      },
    );
  }

  private async planOf(accountId: string) {
    return ((await this.get(k.accountPk(accountId), k.ACCOUNT_SK))?.plan as string) ?? 'current';
  }
}
