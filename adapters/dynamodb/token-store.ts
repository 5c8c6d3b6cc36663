// API tokens and SCIM tokens on DynamoDB, stored by the hash of their secret (never the secret).
import * as k from './keys.ts';
import { AccessRevokedError, TransientStoreError } from '#core/errors.ts';
import type { AuditEntry } from '#core/model/index.ts';
import { hashApiToken, type ApiToken } from '#core/tokens/api-token.ts';
import type { ScimToken } from '#core/tokens/scim-token.ts';
import { auditItem, toApiToken, toScimToken } from './items.ts';
import { requesterNoLongerAdmin, withRequesterCheck } from './requester-check.ts';
import { TABLE_DESIGN } from './table-design.ts';
import { TableStore } from './table-store.ts';
import type { TokenStore } from '#core/ports.ts';

export class DynamoTokenStore extends TableStore implements TokenStore {
  async saveApiToken(record: ApiToken, hash: string) {
    await this.transactOrExplain(
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
    if (!item || item.entity !== 'API_TOKEN') return undefined;
    return toApiToken(item);
  }

  async saveScimToken(record: ScimToken, hash: string, audit: AuditEntry) {
    const { items, requesterFailed } = withRequesterCheck(
      this.tableName,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...k.key(k.tokenPk(hash), k.TOKEN_SK),
              gsi1pk: k.scimTokensIndexPk(record.accountId),
              gsi1sk: k.tokenIndexSk(record.tokenId),
              entity: 'SCIM_TOKEN',
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
      ],
      audit,
    );
    await this.transactOrExplain('issuing the SCIM token', items, async (codes) => {
      if (requesterFailed(codes)) throw requesterNoLongerAdmin();
      throw new TransientStoreError('The SCIM token could not be stored; retry');
    });
  }

  async findScimToken(secret: string) {
    const item = await this.get(k.tokenPk(hashApiToken(secret)), k.TOKEN_SK);
    if (!item || item.entity !== 'SCIM_TOKEN') return undefined;
    return toScimToken(item);
  }

  async listScimTokens(accountId: string) {
    const items = await this.queryAll({
      IndexName: TABLE_DESIGN.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': k.scimTokensIndexPk(accountId) },
    });
    return items.map(toScimToken).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async revokeScimToken({ accountId, tokenId, revokedAt, audit }: Parameters<TokenStore['revokeScimToken']>[0]) {
    // The token's item by its id: the owner index holds the account's tokens under their ids.
    const [found] = await this.queryAll({
      IndexName: TABLE_DESIGN.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
      ExpressionAttributeValues: { ':pk': k.scimTokensIndexPk(accountId), ':sk': k.tokenIndexSk(tokenId) },
    });
    if (!found) return 'not-found' as const;
    if (found.status === 'REVOKED') return 'revoked' as const;
    await this.transactOrExplain(
      'revoking the SCIM token',
      [
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(found.pk as string, found.sk as string),
            UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
            ConditionExpression: 'entity = :scim AND accountId = :account',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':revoked': 'REVOKED',
              ':at': revokedAt,
              ':scim': 'SCIM_TOKEN',
              ':account': accountId,
            },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
      ],
      async () => {
        throw new TransientStoreError('The SCIM token changed while being revoked; retry');
      },
    );
    return 'revoked' as const;
  }
}
