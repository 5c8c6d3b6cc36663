// The two Retry policies of the user-removal workflow, which every Task state of the ASL repeats
// (JSON has no references): test/workflow/task-contract.test.ts checks each copy against these.

/** Lambda tasks: the Lambda service's transient errors and our TransientStoreError (throttling, conflicts). */
export const LAMBDA_TASK_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    // The invoke itself timed out between Step Functions and Lambda (not the function's timeout).
    'Lambda.ClientExecutionTimeoutException',
    'Lambda.Unknown',
    'TransientStoreError',
  ],
  IntervalSeconds: 1,
  // Patient enough for many removals in one account handing things to one user: their batches all
  // update that user's item, and DynamoDB cancels all but one of those that overlap (measured in
  // the bench's bulk run: with 6 attempts and 30 s, 146 of 1,000 removals ran out of retries).
  MaxAttempts: 10,
  BackoffRate: 2,
  MaxDelaySeconds: 60,
  JitterStrategy: 'FULL',
} as const;

/** events:putEvents tasks: a failed entry (FailedEntryCount > 0) and EventBridge's transient errors; consumers deduplicate. */
export const PUT_EVENTS_RETRY = {
  ErrorEquals: [
    'EventBridge.FailedEntry',
    'EventBridge.EventBridgeException',
    'EventBridge.AmazonEventBridgeException',
    'EventBridge.InternalException',
    'EventBridge.ThrottlingException',
    'States.Timeout',
  ],
  IntervalSeconds: 1,
  MaxAttempts: 8,
  BackoffRate: 2,
  MaxDelaySeconds: 60,
  JitterStrategy: 'FULL',
} as const;
