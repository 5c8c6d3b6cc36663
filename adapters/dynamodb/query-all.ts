// Every page of a Query (DynamoDB returns at most 1 MB per call).
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

// A raw table item: its shape depends on the entity (read through items.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the DynamoDB edge; items.ts maps each entity
export type Item = Record<string, any>;

export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
