// DynamoDB cancels a transaction with TransactionConflict when another transaction touches one of
// its items at the same moment — routine in AWS (the Map's batches checking the same target, many
// removals updating one account item), rare on DynamoDB Local, which runs them one at a time. Two
// ways to have it here, before a request reaches the table (a cancelled transaction changes nothing):
// - `injectTransactionConflicts`: a share of all TransactWriteItems, at random (fault tests);
// - `emulateOverlapConflicts`: as AWS decides, on real overlap — a transaction that touches an item
//   of one still in flight is cancelled, and so is a single write to such an item
//   (TransactionConflictException) (the bench's concurrent removals).
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import type { MiddlewareHost } from './sdk-middleware.ts';

/** A small seeded generator (mulberry32), so a run's conflicts are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function injectTransactionConflicts(
  client: MiddlewareHost,
  { rate, random = Math.random }: { rate: number; random?: () => number },
) {
  const name = `transaction-conflicts-${randomUUID()}`;
  let transactions = 0;
  let cancelled = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      transactions++;
      if (random() >= rate) return next(args);
      cancelled++;
      const items = (args as { input: { TransactItems?: unknown[] } }).input.TransactItems ?? [];
      const conflicting = Math.floor(random() * items.length);
      throw new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
        $metadata: { httpStatusCode: 400 },
        CancellationReasons: items.map((_, i) =>
          i === conflicting
            ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
            : { Code: 'None' },
        ),
      });
    },
    { step: 'initialize', name },
  );
  return {
    /** TransactWriteItems sent, and how many of them were cancelled with TransactionConflict. */
    counts: () => ({ transactions, cancelled }),
    remove: () => void client.middlewareStack.remove(name),
  };
}

type KeyOf = { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> };
type TransactItem = Partial<Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', KeyOf>>;

/** A key attribute as a plain value, whether the document client has marshalled it ({S: …}) yet or not. */
const plain = (value: unknown) =>
  value && typeof value === 'object' ? String(Object.values(value as Record<string, unknown>)[0]) : String(value);

/** An item's identity across tables: its table and its key (pk, sk). */
const itemId = (op: KeyOf) => {
  const key = op.Key ?? op.Item ?? {};
  return `${op.TableName}|${plain(key.pk)}|${plain(key.sk)}`;
};
const transactionItems = (items: TransactItem[]) => items.map((item) => itemId(Object.values(item)[0] ?? {}));

const SINGLE_WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
]);

export function emulateOverlapConflicts(client: MiddlewareHost) {
  const name = `overlap-conflicts-${randomUUID()}`;
  /** Items of the transactions in flight, with how many hold each. */
  const inFlight = new Map<string, number>();
  let transactions = 0;
  let cancelled = 0;
  let singleWritesRefused = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args as { input: KeyOf & { TransactItems?: TransactItem[] } }).input;
      if (SINGLE_WRITES.has(context.commandName)) {
        if (inFlight.has(itemId(input))) {
          singleWritesRefused++;
          throw new TransactionConflictException({
            message: 'Transaction is ongoing for the item',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      }
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      transactions++;
      const items = transactionItems(input.TransactItems ?? []);
      const conflicting = items.findIndex((item) => inFlight.has(item));
      if (conflicting >= 0) {
        cancelled++;
        throw new TransactionCanceledException({
          message:
            'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: items.map((_, i) =>
            i === conflicting
              ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
              : { Code: 'None' },
          ),
        });
      }
      for (const item of items) inFlight.set(item, (inFlight.get(item) ?? 0) + 1);
      try {
        return await next(args);
      } finally {
        for (const item of items) {
          const holders = (inFlight.get(item) ?? 1) - 1;
          if (holders > 0) inFlight.set(item, holders);
          else inFlight.delete(item);
        }
      }
    },
    { step: 'initialize', name },
  );
  return {
    /** TransactWriteItems sent, those cancelled on overlap, and single writes refused. */
    counts: () => ({ transactions, cancelled, singleWritesRefused }),
    remove: () => void client.middlewareStack.remove(name),
  };
}
