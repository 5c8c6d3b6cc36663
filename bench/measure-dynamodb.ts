// Counts DynamoDB requests and consumed capacity at the SDK middleware of the process's client —
// every request made against the offboard table, whoever makes it (the workflow's tasks, the API,
// the HR path), and by which workflow step. Requests to other tables (the example CRM consumer's
// mapping table) are not the removal's cost and are left out.
import { dynamoDocumentClient } from '#adapters/clients.ts';

export interface DynamoUsage {
  requests: number;
  byCommand: Record<string, number>;
  /** Requests by the workflow task running when they were sent. */
  byStep: Record<string, number>;
  capacityUnits: number;
  /** Items DynamoDB read to answer: scanned by Queries and Scans (before any filter), got by Gets. */
  itemsRead: number;
}

const CAPACITY_COMMANDS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'BatchGetItemCommand',
  'TransactWriteItemsCommand',
  'UpdateItemCommand',
  'PutItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
]);

type Input = {
  TableName?: string;
  RequestItems?: Record<string, unknown>;
  TransactItems?: Record<string, { TableName?: string }>[];
  ReturnConsumedCapacity?: string;
};

/** Every table a request touches (marshalled input, as the middleware sees it). */
const tablesOf = (input: Input): string[] => [
  ...(input.TableName ? [input.TableName] : []),
  ...Object.keys(input.RequestItems ?? {}),
  ...(input.TransactItems ?? []).flatMap((item) => Object.values(item).map((op) => op.TableName ?? '')),
];

const empty = (): DynamoUsage => ({ requests: 0, byCommand: {}, byStep: {}, capacityUnits: 0, itemsRead: 0 });

type Output = {
  ScannedCount?: number;
  Item?: unknown;
  Responses?: Record<string, unknown[]> | unknown[];
  ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
};

/** Items a read returned or scanned (a Query's ScannedCount counts what a filter then dropped). */
const itemsReadBy = (output: Output): number => {
  if (output.ScannedCount !== undefined) return output.ScannedCount;
  if (output.Item !== undefined) return 1;
  if (Array.isArray(output.Responses)) return output.Responses.length; // TransactGetItems
  return Object.values(output.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
};

export function meterDynamoDb(tableName: string) {
  let usage = empty();
  let step = 'outside the workflow';
  dynamoDocumentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args as { input: Input }).input;
      if (!tablesOf(input).includes(tableName)) return next(args);
      if (CAPACITY_COMMANDS.has(context.commandName)) input.ReturnConsumedCapacity = 'TOTAL';
      usage.requests++;
      usage.byCommand[context.commandName] = (usage.byCommand[context.commandName] ?? 0) + 1;
      usage.byStep[step] = (usage.byStep[step] ?? 0) + 1;
      const result = await next(args);
      const output = result.output as Output;
      for (const c of [output.ConsumedCapacity ?? []].flat()) usage.capacityUnits += c.CapacityUnits ?? 0;
      usage.itemsRead += itemsReadBy(output);
      return result;
    },
    { step: 'initialize', name: 'bench-meter' },
  );
  return {
    /** Call from the local runtime's onTaskStart: later requests belong to this task. */
    taskStarted: (taskId: string) => void (step = taskId),
    reset: () => {
      usage = empty();
      step = 'outside the workflow';
    },
    read: (): DynamoUsage => structuredClone(usage),
  };
}
