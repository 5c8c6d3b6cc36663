// Index lag: DynamoDB updates a global secondary index asynchronously, so a Query on it may not
// yet show a write the table already has (DynamoDB Local updates it at once). In lag mode, every
// Query the process makes on the owner index reads a replica of the table that trails it by
// `lagMs`: the table's stream, applied in order `lagMs` after each change arrives. Reads of the
// table itself stay strongly consistent, as in AWS.
import { randomUUID } from 'node:crypto';
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  PutItemCommand,
  type DynamoDBClient,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { TABLE_DESIGN } from '#adapters/dynamodb/table-design.ts';
import { ensureTable, localClient } from './dynamodb-local.ts';
import type { MiddlewareHost } from './sdk-middleware.ts';

export interface IndexLag {
  /** The table's stream records, as the stream relay reads them. */
  feed(records: _Record[]): void;
  stop(): void;
}

export async function startIndexLag(options: {
  dynamodbEndpoint: string;
  tableName: string;
  lagMs: number;
  /** The client whose gsi1 Queries read the lagging replica. */
  client: MiddlewareHost;
}): Promise<IndexLag> {
  const { dynamodbEndpoint, tableName, lagMs } = options;
  const replica = `${tableName}-lagging-index`;
  await ensureTable(dynamodbEndpoint, replica);
  const db = localClient(dynamodbEndpoint);
  await copyTable(db, tableName, replica);

  const queue: { at: number; record: _Record }[] = [];
  let applying = false;
  const apply = async () => {
    if (applying) return;
    applying = true;
    try {
      while (queue.length > 0 && queue[0]!.at <= Date.now()) {
        const { record } = queue[0]!;
        const change = record.dynamodb;
        if (record.eventName === 'REMOVE' && change?.Keys)
          await db.send(
            new DeleteItemCommand({ TableName: replica, Key: change.Keys as Record<string, AttributeValue> }),
          );
        else if (change?.NewImage)
          await db.send(
            new PutItemCommand({ TableName: replica, Item: change.NewImage as Record<string, AttributeValue> }),
          );
        queue.shift();
      }
    } catch (error) {
      process.stderr.write(`index lag: ${(error as Error).message}\n`);
    } finally {
      applying = false;
    }
  };
  const timer = setInterval(() => void apply(), 10);

  const name = `index-lag-${randomUUID()}`;
  options.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args as { input: { TableName?: string; IndexName?: string } }).input;
      if (
        context.commandName === 'QueryCommand' &&
        input.TableName === tableName &&
        (input.IndexName === TABLE_DESIGN.gsi1.name || input.IndexName === TABLE_DESIGN.gsi2.name)
      )
        return next({ ...args, input: { ...input, TableName: replica } });
      return next(args);
    },
    { step: 'initialize', name },
  );

  return {
    feed: (records) => {
      const at = Date.now() + lagMs;
      for (const record of records) queue.push({ at, record });
    },
    stop: () => {
      clearInterval(timer);
      options.client.middlewareStack.remove(name);
      db.destroy();
    },
  };
}

/** What the table holds when lag mode starts: the replica's starting point. */
async function copyTable(db: DynamoDBClient, from: string, to: string) {
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: from, ExclusiveStartKey, Limit: 25 }));
    if (page.Items?.length)
      await db.send(
        new BatchWriteItemCommand({ RequestItems: { [to]: page.Items.map((Item) => ({ PutRequest: { Item } })) } }),
      );
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
