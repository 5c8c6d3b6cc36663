// Call records on DynamoDB: the call item (in the account's partition by time, and in the user's
// index partition by time) and its callId's claim, in one transaction — so a resent record, even
// with another start time, is recorded once.
import type { CallStore } from '#core/ports.ts';
import * as k from './keys.ts';
import { callItem } from './items.ts';
import { TableStore } from './table-store.ts';

export class DynamoCallStore extends TableStore implements CallStore {
  async recordCall(entry: Parameters<CallStore['recordCall']>[0]) {
    const outcome = await this.transactOrExplain(
      'recording the call',
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...k.key(k.accountPk(entry.accountId), k.callIdSk(entry.callId)), entity: 'CALL_ID', at: entry.at },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.tableName, Item: callItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
      async () => 'duplicate' as const,
    );
    return outcome ?? 'recorded';
  }
}
