// Item reads and writes every store makes the same way: a consistent GetItem, and BatchGetItem /
// BatchWriteItem in their size limits with unprocessed keys and items retried until done.
import { BatchGetCommand, BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './query-all.ts';

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export async function getItem(db: DynamoDBDocumentClient, tableName: string, key: { pk: string; sk: string }) {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return out.Item;
}

/** Every existing item of the keys (consistent reads, 100 keys a request), only `attributes` if named. */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  attributes?: readonly string[],
): Promise<Item[]> {
  const projection = attributes && {
    ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
  };
  const items: Item[] = [];
  for (const group of chunk(keys, 100)) {
    let pending: Item[] | undefined = group;
    while (pending && pending.length > 0) {
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true, ...projection } },
        }),
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
    }
  }
  return items;
}

/**
 * The whole items behind index entries, in the entries' order: for readers of the owner index
 * whose items it does not carry in full (its projection is limited to 20 attributes;
 * table-design.ts). An item gone since the index saw it is left out.
 */
export async function readIndexed(db: DynamoDBDocumentClient, tableName: string, entries: readonly Item[]) {
  if (entries.length === 0) return [];
  const items = await batchGetAll(
    db,
    tableName,
    entries.map(({ pk, sk }) => ({ pk, sk })),
  );
  const byKey = new Map(items.map((item) => [`${item.pk}\u0000${item.sk}`, item]));
  return entries.flatMap((entry) => byKey.get(`${entry.pk}\u0000${entry.sk}`) ?? []);
}

/** Puts every item (25 a request). */
export async function batchPutAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
): Promise<void> {
  for (const group of chunk(items, 25)) {
    let pending: unknown[] | undefined = group.map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const out: { UnprocessedItems?: Record<string, unknown[]> } = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
      );
      pending = out.UnprocessedItems?.[tableName];
    }
  }
}
