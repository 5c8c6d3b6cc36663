// Counts DynamoDB requests and consumed capacity at the SDK middleware of the process's client —
// every request the workflow, the API or the HR path makes, whoever makes it.
import { dynamoDocumentClient } from '#adapters/clients.ts';

export interface DynamoUsage {
  requests: number;
  byCommand: Record<string, number>;
  capacityUnits: number;
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

export function meterDynamoDb() {
  let usage: DynamoUsage = { requests: 0, byCommand: {}, capacityUnits: 0 };
  dynamoDocumentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args as { input: Record<string, unknown> }).input;
      if (CAPACITY_COMMANDS.has(context.commandName)) input.ReturnConsumedCapacity = 'TOTAL';
      usage.requests++;
      usage.byCommand[context.commandName] = (usage.byCommand[context.commandName] ?? 0) + 1;
      const result = await next(args);
      const consumed = (
        result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
      ).ConsumedCapacity;
      for (const c of [consumed ?? []].flat()) usage.capacityUnits += c.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'bench-meter' },
  );
  return {
    reset: () => void (usage = { requests: 0, byCommand: {}, capacityUnits: 0 }),
    read: (): DynamoUsage => structuredClone(usage),
  };
}
