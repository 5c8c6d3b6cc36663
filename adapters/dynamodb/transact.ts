// One DynamoDB transaction, with its cancellation explained: a conflict with a concurrent
// transaction changed nothing and is retried here a few times with jitter, then reported as
// transient (the caller retries); a failed condition of ours is handed to `explain`, which knows
// what it means (often: our own earlier commit, or a refusal).
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransientStoreError } from '#core/errors.ts';
import { cancellationCodes, cancelledByConflict } from './errors.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Undefined when the transaction committed; otherwise what `explain` returns (or throws). */
export async function transactOrExplain<T>(
  db: DynamoDBDocumentClient,
  what: string,
  items: TransactItem[],
  explain: (codes: string[]) => Promise<T>,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (!cancelledByConflict(codes)) return explain(codes);
      if (attempt >= CONFLICT_ATTEMPTS) throw new TransientStoreError(`Conflicting write while ${what}`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * CONFLICT_BACKOFF_MS * attempt));
    }
  }
}

/** Attempts of a transaction cancelled by concurrent ones, and the jittered backoff between them. */
const CONFLICT_ATTEMPTS = 3;
const CONFLICT_BACKOFF_MS = 50;

/**
 * A transaction's items by name, so a cancellation is read by what failed ("user", "seat"…),
 * never by position: `failed(codes)` names the items whose condition did not hold.
 */
export function namedItems(entries: readonly (readonly [string, TransactItem | undefined])[]) {
  const present = entries.filter((entry): entry is readonly [string, TransactItem] => entry[1] !== undefined);
  return {
    items: present.map(([, item]) => item),
    failed: (codes: readonly string[]): Set<string> =>
      new Set(present.filter((_, i) => codes[i] === 'ConditionalCheckFailed').map(([name]) => name)),
  };
}
