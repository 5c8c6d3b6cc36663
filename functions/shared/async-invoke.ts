// How Lambda runs a function EventBridge invokes (asynchronously): a function error is retried
// this many times, an event older than this is dropped, and then the invocation record goes to the
// function's on-failure destination. The rule's own retry policy and DLQ cover only delivery to
// Lambda, never the function's errors. One object for the CDK configuration and the local bus.
export interface AsyncInvokeSettings {
  retryAttempts: number;
  maxEventAgeSeconds: number;
}

export const RULE_TARGET_ASYNC_INVOKE: AsyncInvokeSettings = { retryAttempts: 2, maxEventAgeSeconds: 6 * 3600 };
