// The AWS SDK packages beyond DynamoDB, each imported the first time it is needed. In Lambda the
// SDK comes from the runtime (external to the bundles), and importing a client package costs tens
// to hundreds of milliseconds of cold start: the authorizer and the removal tasks, which call only
// DynamoDB, never pay for Step Functions, Scheduler, EventBridge or Cognito. Everywhere the same
// specifier is imported, so these are the very module instances a static import would give.
export const sdk = {
  eventBridge: () => import('@aws-sdk/client-eventbridge'),
  sfn: () => import('@aws-sdk/client-sfn'),
  scheduler: () => import('@aws-sdk/client-scheduler'),
  cognito: () => import('@aws-sdk/client-cognito-identity-provider'),
};
