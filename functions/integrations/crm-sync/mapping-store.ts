// The CRM mapping table (user ↔ CRM agent), written with optimistic locking so two deliveries
// racing on one user cannot both apply.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgentMapping } from './agent-mapping.ts';

const key = (accountId: string, userId: string) => ({ pk: `AGENT#${accountId}#${userId}`, sk: 'AGENT' });

export class CrmMappingStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(accountId: string, userId: string): Promise<AgentMapping | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key(accountId, userId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...mapping } = out.Item;
    return mapping as AgentMapping;
  }

  /** Saves `next` if the stored mapping is still at `next.version - 1` (or absent for version 1). */
  async save(next: AgentMapping): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(next.accountId, next.userId), ...next },
        ConditionExpression: next.version === 1 ? 'attribute_not_exists(pk)' : 'version = :previous',
        ...(next.version === 1 ? {} : { ExpressionAttributeValues: { ':previous': next.version - 1 } }),
      }),
    );
  }

  /** Maps a user to a CRM agent (what the CRM's own user sync does). */
  link(accountId: string, userId: string, crmAgentId: string, at: string): Promise<void> {
    return this.save({ accountId, userId, crmAgentId, state: 'ACTIVE', stateAt: at, version: 1 });
  }
}
