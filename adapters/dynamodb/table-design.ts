// The single table's shape, shared by CDK (the deployed table) and the local runtime (CreateTable
// on DynamoDB Local), so both always have the same keys and index.
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** The owner index: a user's owned resources, memberships and API tokens by one Query. */
  ownerIndex: { name: 'owner-index', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;
