// The single table's shape, shared by CDK (the deployed table) and the local runtime (CreateTable
// on DynamoDB Local), so both always have the same keys and index.
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * The one global secondary index, sparse and overloaded (keys.ts): a user's partition (what it
   * owns, its rotations, its API tokens — one Query), a user's accounts by userId, the account's
   * removals by request time, and pending seat adjustments by date. Eventually consistent: the
   * user's counters, not this index, prove in the final write that nothing is left.
   */
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;
