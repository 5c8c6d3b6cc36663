// Integration tokens (API, SCIM, HR) on DynamoDB, stored by the hash of their secret (never the
// secret), listed per account and kind from the owner index.
import * as k from './keys.ts';
import { AccessRevokedError, NotAllowedError, TransientStoreError } from '#core/errors.ts';
import type { AuditEntry } from '#core/model/index.ts';
import { hashTokenSecret, type IntegrationToken, type TokenKind } from '#core/tokens/integration-token.ts';
import { auditItem, toIntegrationToken } from './items.ts';
import { TABLE_DESIGN } from './table-design.ts';
import { TableStore } from './table-store.ts';
import type { TokenStore } from '#core/ports.ts';
import { namedItems } from './transact.ts';

/** Each kind's entity name in the table (SCIM and API tokens kept theirs from before HR tokens). */
export const TOKEN_ENTITIES: Record<TokenKind, string> = {
  API: 'API_TOKEN',
  SCIM: 'SCIM_TOKEN',
  HR: 'HR_TOKEN',
  PLATFORM: 'PLATFORM_TOKEN',
};

export class DynamoTokenStore extends TableStore implements TokenStore {
  async saveToken(record: IntegrationToken, hash: string, audit: AuditEntry) {
    const forTheAccount = record.kind !== 'API';
    const { items, failed } = namedItems([
      [
        'token',
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...k.key(k.tokenPk(hash), k.TOKEN_SK),
              gsi1pk: k.tokensIndexPk(record.accountId, record.kind),
              gsi1sk: k.tokenIndexSk(record.tokenId),
              entity: TOKEN_ENTITIES[record.kind],
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      [
        // Issued only while the creator is ACTIVE at the generation the token carries (a removal or
        // deactivation committing meanwhile wins: R6) and, for a token that acts for the account,
        // still an admin or the owner (R1 at the write).
        'creator',
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: k.key(k.accountPk(record.accountId), k.userSk(record.createdBy)),
            ConditionExpression: [
              '#status = :active',
              record.generation === 0 ? 'attribute_not_exists(tokenGeneration)' : 'tokenGeneration = :generation',
              ...(forTheAccount ? ['#role IN (:admin, :owner)'] : []),
            ].join(' AND '),
            ExpressionAttributeNames: { '#status': 'status', ...(forTheAccount ? { '#role': 'role' } : {}) },
            ExpressionAttributeValues: {
              ':active': 'ACTIVE',
              ...(record.generation === 0 ? {} : { ':generation': record.generation }),
              ...(forTheAccount ? { ':admin': 'ADMIN', ':owner': 'OWNER' } : {}),
            },
          },
        },
      ],
      ['audit', { Put: { TableName: this.tableName, Item: auditItem(audit) } }],
    ]);
    await this.transactOrExplain(`issuing the ${record.kind} token`, items, async (codes) => {
      if (!failed(codes).has('creator')) throw new TransientStoreError('The token could not be stored; retry');
      if (forTheAccount)
        throw new NotAllowedError('You are no longer an active admin of this account; nothing was changed');
      throw new AccessRevokedError('Your access changed while the token was being issued');
    });
  }

  async findToken(secret: string) {
    const item = await this.get(k.tokenPk(hashTokenSecret(secret)), k.TOKEN_SK);
    return item ? toIntegrationToken(item) : undefined;
  }

  async getToken(accountId: string, kind: TokenKind, tokenId: string) {
    const [found] = await this.readIndexed(
      await this.queryAll({
        IndexName: TABLE_DESIGN.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
        ExpressionAttributeValues: { ':pk': k.tokensIndexPk(accountId, kind), ':sk': k.tokenIndexSk(tokenId) },
      }),
    );
    return found ? toIntegrationToken(found) : undefined;
  }

  async listTokens(accountId: string, kind: TokenKind) {
    const items = await this.readIndexed(
      await this.queryAll({
        IndexName: TABLE_DESIGN.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': k.tokensIndexPk(accountId, kind) },
      }),
    );
    return items.map(toIntegrationToken).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async revokeToken({ token, revokedAt, audit }: Parameters<TokenStore['revokeToken']>[0]) {
    if (token.status === 'REVOKED') return;
    // The token's own item, found by its id on the owner index (its key is the secret's hash).
    const [found] = await this.queryAll({
      IndexName: TABLE_DESIGN.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
      ExpressionAttributeValues: {
        ':pk': k.tokensIndexPk(token.accountId, token.kind),
        ':sk': k.tokenIndexSk(token.tokenId),
      },
      ProjectionExpression: 'pk, sk',
    });
    if (!found) return;
    await this.transactOrExplain(
      `revoking the ${token.kind} token`,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: k.key(found.pk as string, found.sk as string),
            UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
            ConditionExpression: 'entity = :entity AND accountId = :account AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':revoked': 'REVOKED',
              ':active': 'ACTIVE',
              ':at': revokedAt,
              ':entity': TOKEN_ENTITIES[token.kind],
              ':account': token.accountId,
            },
          },
        },
        { Put: { TableName: this.tableName, Item: auditItem(audit) } },
      ],
      // Its condition fails only if a concurrent revocation got there first: revoked either way.
      async () => undefined,
    );
  }
}
