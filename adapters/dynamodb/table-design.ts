// The single table's shape, shared by CDK (the deployed table) and the local runtime (CreateTable
// on DynamoDB Local), so both always have the same keys and indexes.
import { RemovalRecordSchema, ResourceRefSchema } from '#core/model/index.ts';
import { IntegrationTokenSchema } from '#core/tokens/integration-token.ts';

/**
 * What the live-users index carries of a user: what a list shows (the API's users, SCIM's
 * resources, how much it owns), not its holdings — so a page of 200 users stays far below
 * DynamoDB's 1 MB a Query.
 * `createdAt`/`updatedAt` are projected ahead of being recorded: a projection changes only by
 * rebuilding the index.
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
] as const;

/**
 * What the overloaded index carries: exactly what its Queries read (the readers parse these items),
 * and nothing of a user but its account — so the updates of a user's counters, memberOf and version
 * in every removal batch write no index item (an ALL projection would copy each one). A projection
 * is fixed when the index is created: adding an attribute here needs a new index on a deployed table.
 */
export const INDEXED_ATTRIBUTES = [
  ...new Set([
    'entity',
    'accountId',
    'userId',
    // a user's owned resources (listOwnership, the resources list by owner)
    ...Object.keys(ResourceRefSchema.shape),
    'ownerId',
    'memberIds',
    // a user's calls
    'callId',
    'at',
    'userDisplayName',
    'durationSeconds',
    'direction',
    'number',
    // integration tokens
    ...Object.keys(IntegrationTokenSchema.shape),
    // the account's removals, as records
    ...Object.keys(RemovalRecordSchema.shape),
    // pending seat adjustments
    'seats',
    'effectiveOn',
  ]),
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
