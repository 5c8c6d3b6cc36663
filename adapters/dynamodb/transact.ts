// One DynamoDB transaction, with its cancellation explained: a conflict with a concurrent
// transaction is transient (the caller retries); a failed condition of ours is handed to
// `explain`, which knows what it means (often: our own earlier commit, or a refusal).
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
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return undefined;
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (cancelledByConflict(codes)) throw new TransientStoreError(`Conflicting write while ${what}`);
    return explain(codes);
  }
}
