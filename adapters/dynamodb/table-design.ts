// The single table's shape, shared by CDK (the deployed table) and the local runtime (CreateTable
// on DynamoDB Local), so both always have the same keys and indexes.
import { ResourceRefSchema } from '#core/model/index.ts';

/**
 * What the live-users index carries of a user: what a list shows (the API's users, SCIM's
 * resources, how much it owns), not its holdings — so a page of 200 users stays far below
 * DynamoDB's 1 MB a Query.
 * SCIM's user (its times, further emails, employee number and department) included. A projection
 * changes only by rebuilding the index; DynamoDB allows 20 attributes an index.
 */
export const LISTED_USER_ATTRIBUTES = [
  'accountId',
  'userId',
  'email',
  'displayName',
  'role',
  'status',
  'version',
  'pendingRemovalId',
  'removalId',
  'externalId',
  'managerId',
  'ownedCount',
  'createdAt',
  'updatedAt',
  'otherEmails',
  'employeeNumber',
  'department',
] as const;

/**
 * What the overloaded index carries: what its hot readers parse — a user's owned resources and
 * rotations (the removal's scan, the resources list by owner), a user's calls, a userId's accounts,
 * the removals' status filter — and nothing of a user but its account and status, so the updates
 * of a user's counters, memberOf and version in every removal batch write no index item (an ALL
 * projection would copy each, and every removal record in full). DynamoDB projects at most 20
 * attributes per index: the rarer lists (removals, tokens, seat adjustments) read their items by
 * the keys the index gives (item-io.ts, readIndexed). A projection is fixed when the index is
 * created: a deployed table needs a new index to change it.
 */
export const INDEXED_ATTRIBUTES = [
  'entity',
  'accountId',
  'userId',
  'status',
  // a user's owned resources and rotations
  ...(Object.keys(ResourceRefSchema.shape) as ('type' | 'id' | 'name')[]),
  'ownerId',
  'memberIds',
  // a user's calls
  'callId',
  'at',
  'userDisplayName',
  'durationSeconds',
  'direction',
  'number',
] as const;

export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * The overloaded global secondary index, sparse (keys.ts): a user's partition (what it owns, its
   * rotations, its API tokens — one Query), a user's accounts by userId, the account's removals by
   * request time, and pending seat adjustments by date. Eventually consistent: the user's
   * counters, not this index, prove in the final write that nothing is left.
   */
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projectedAttributes: INDEXED_ATTRIBUTES },
  /**
   * The live users of an account, one partition per status (ACTIVE, INACTIVE, REMOVING), by name:
   * a removed user leaves it, so no list ever reads the account's history.
   */
  gsi2: {
    name: 'gsi2',
    partitionKey: 'gsi2pk',
    sortKey: 'gsi2sk',
    projectedAttributes: LISTED_USER_ATTRIBUTES,
  },
} as const;
