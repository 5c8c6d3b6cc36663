// AWS clients made from a config object, each on first use and traced (X-Ray subsegments in
// Lambda). Local endpoints come from the config (DynamoDB Local, the local AWS endpoint), so no
// code path differs between AWS and local.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { config, type Config } from './config.ts';
import { tracer } from './tracer.ts';

export interface AwsClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly eventBridge: EventBridgeClient;
  readonly sfn: SFNClient;
  readonly scheduler: SchedulerClient;
  readonly cognito: CognitoIdentityProviderClient;
}

/** The clients of one config; each is made when first used (a function makes only those it uses). */
export function awsClients(settings: Config): AwsClients {
  /** Region, and for a local endpoint the endpoint with dummy credentials. */
  const clientConfig = (endpoint: string | undefined) => ({
    region: settings.AWS_REGION,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const made = new Map<keyof AwsClients, unknown>();
  const once = <K extends keyof AwsClients>(name: K, create: () => AwsClients[K]): AwsClients[K] => {
    if (!made.has(name)) made.set(name, tracer.captureAWSv3Client(create()));
    return made.get(name) as AwsClients[K];
  };
  return {
    get dynamo() {
      return once('dynamo', () =>
        DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(settings.DYNAMODB_ENDPOINT)), {
          marshallOptions: { removeUndefinedValues: true },
        }),
      );
    },
    get eventBridge() {
      return once('eventBridge', () => new EventBridgeClient(clientConfig(settings.EVENTBRIDGE_ENDPOINT)));
    },
    get sfn() {
      return once('sfn', () => new SFNClient(clientConfig(settings.SFN_ENDPOINT)));
    },
    get scheduler() {
      return once('scheduler', () => new SchedulerClient(clientConfig(settings.SCHEDULER_ENDPOINT)));
    },
    get cognito() {
      return once('cognito', () => new CognitoIdentityProviderClient(clientConfig(settings.COGNITO_ENDPOINT)));
    },
  };
}

let processClients: AwsClients | undefined;

/**
 * The process's clients, made from the process's config: what its functions' composition uses,
 * and what tests and the CLI reach for to look at the table or inject faults into the same client.
 */
export const clients = (): AwsClients => (processClients ??= awsClients(config()));

export const dynamoDocumentClient = () => clients().dynamo;
export const eventBridgeClient = () => clients().eventBridge;
