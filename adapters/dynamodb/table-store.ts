// What every store on the one table shares: the client and the table's name, its reads and its
// transactions, and the two reads a refused transaction makes to learn why (the user, the removal).
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as k from './keys.ts';
import { getItem, readIndexed } from './item-io.ts';
import { toRemoval, toUser } from './items.ts';
import { queryAll, type Item } from './query-all.ts';
import { transactOrExplain, type TransactItem } from './transact.ts';

export abstract class TableStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  protected get(pk: string, sk: string) {
    return getItem(this.db, this.tableName, k.key(pk, sk));
  }

  protected queryAll(input: Omit<QueryCommandInput, 'TableName'>) {
    return queryAll(this.db, { ...input, TableName: this.tableName });
  }

  /** The whole items behind owner-index entries that do not carry them in full (table-design.ts). */
  protected readIndexed(entries: readonly Item[]) {
    return readIndexed(this.db, this.tableName, entries);
  }

  protected transactOrExplain<T>(what: string, items: TransactItem[], explain: (codes: string[]) => Promise<T>) {
    return transactOrExplain(this.db, what, items, explain);
  }

  protected async readUser(accountId: string, userId: string) {
    const item = await this.get(k.accountPk(accountId), k.userSk(userId));
    return item && toUser(item);
  }

  protected async readRemoval(removalId: string) {
    const item = await this.get(k.removalPk(removalId), k.REMOVAL_SK);
    return item && toRemoval(item);
  }
}
