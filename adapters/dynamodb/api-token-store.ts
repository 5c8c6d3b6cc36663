// API tokens in the table, keyed by their hash (lookup on every call) and indexed under their
// user (revocation, R6).
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hashApiToken, type ApiToken } from '#core/tokens/api-token.ts';
import * as k from './keys.ts';

export class DynamoApiTokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(record: ApiToken, hash: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...k.key(k.tokenPk(hash), k.TOKEN_SK),
          gsi1pk: k.userIndexPk(record.accountId, record.userId),
          gsi1sk: k.tokenIndexSk(record.tokenId),
          entity: 'API_TOKEN',
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** The token's record, found by hashing the presented secret. */
  async find(secret: string): Promise<ApiToken | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: k.key(k.tokenPk(hashApiToken(secret)), k.TOKEN_SK),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, entity: _e, ...record } = out.Item;
    return record as ApiToken;
  }
}
