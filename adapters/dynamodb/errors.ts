// How DynamoDB failures read: which are transient (retry the step) and why a transaction was cancelled.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

const TRANSIENT_ERROR_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'ECONNRESET',
]);

export const isTransientAwsError = (error: unknown): boolean =>
  error instanceof Error &&
  (TRANSIENT_ERROR_NAMES.has(error.name) ||
    (error as { $retryable?: unknown }).$retryable !== undefined ||
    ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0) >= 500);

/** The cancellation code of each transaction item, in order ('None' for items that passed). */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
}

/** A cancellation caused by a concurrent transaction, not by our conditions: worth a retry. */
export const cancelledByConflict = (codes: string[]): boolean =>
  codes.some(
    (code) => code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded',
  );
