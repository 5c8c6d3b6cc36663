// API tokens on DynamoDB, stored by the hash of their secret (the secret is never stored).
import * as k from './keys.ts';
import { AccessRevokedError } from '#core/errors.ts';
import { hashApiToken, type ApiToken } from '#core/tokens/api-token.ts';
import { toApiToken } from './items.ts';
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
    if (!item) return undefined;
    return toApiToken(item);
  }
}
