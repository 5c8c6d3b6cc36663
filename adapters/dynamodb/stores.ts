// Every store on the one table, by aggregate (core/ports.ts).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Stores } from '#core/ports.ts';
import { DynamoAccountStore } from './account-store.ts';
import { DynamoBulkRemovalStore } from './bulk-removal-store.ts';
import { DynamoPlanStore } from './plan-store.ts';
import { DynamoRemovalStore } from './removal-store.ts';
import { DynamoCallStore } from './call-store.ts';
import { DynamoResourceStore } from './resource-store.ts';
import { DynamoTokenStore } from './token-store.ts';
import { DynamoUserStore } from './user-store.ts';

export const dynamoStores = (db: DynamoDBDocumentClient, tableName: string): Stores => ({
  bulkRemovals: new DynamoBulkRemovalStore(db, tableName),
  users: new DynamoUserStore(db, tableName),
  accounts: new DynamoAccountStore(db, tableName),
  removals: new DynamoRemovalStore(db, tableName),
  plans: new DynamoPlanStore(db, tableName),
  tokens: new DynamoTokenStore(db, tableName),
  resources: new DynamoResourceStore(db, tableName),
  calls: new DynamoCallStore(db, tableName),
});
