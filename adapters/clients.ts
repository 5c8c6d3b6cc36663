// AWS clients, created once per process from the validated config, each traced (X-Ray subsegments
// in Lambda). Local endpoints come from the config (DynamoDB Local, the local AWS endpoint), so no
// code path differs between AWS and local.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { config } from './config.ts';
import { tracer } from './tracer.ts';

/** Region, and for a local endpoint the endpoint with dummy credentials. */
const clientConfig = (endpoint: string | undefined) => ({
  region: config().AWS_REGION,
  ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

/** A client made on first use, then the same one; traced. */
const once = <T>(create: () => T): (() => T) => {
  let client: T | undefined;
  return () => (client ??= tracer.captureAWSv3Client(create()));
};

export const dynamoDocumentClient = once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(config().DYNAMODB_ENDPOINT)), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const eventBridgeClient = once(() => new EventBridgeClient(clientConfig(config().EVENTBRIDGE_ENDPOINT)));

export const sfnClient = once(() => new SFNClient(clientConfig(config().SFN_ENDPOINT)));

export const schedulerClient = once(() => new SchedulerClient(clientConfig(config().SCHEDULER_ENDPOINT)));

export const cognitoClient = once(() => new CognitoIdentityProviderClient(clientConfig(config().COGNITO_ENDPOINT)));
