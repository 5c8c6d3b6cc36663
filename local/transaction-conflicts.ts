// DynamoDB cancels a transaction with TransactionConflict when another transaction touches one of
// its items at the same moment — routine in AWS (the Map's batches checking the same target, many
// removals updating one account item), rare on DynamoDB Local. This injects such cancellations
// into a share of the TransactWriteItems a client sends, before they reach the table (a cancelled
// transaction changes nothing), so tests and the bench see what AWS does.
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
