// AWS clients made from a config object, each on first use and traced (X-Ray subsegments in
// Lambda). Local endpoints come from the config (DynamoDB Local, the local AWS endpoint), so no
// code path differs between AWS and local. DynamoDB, which every function uses, is imported with
// this module; every other SDK package only when its client is first asked for (sdk-modules.ts),
// so a function's cold start loads the clients it calls and no others.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { config, type Config } from './config.ts';
import { sdk } from './sdk-modules.ts';
import { tracer } from './tracer.ts';

/** A client whose SDK package is loaded on first use (the same client every time). */
export type LazyClient<C> = () => Promise<C>;

export interface AwsClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly eventBridge: LazyClient<EventBridgeClient>;
  readonly sfn: LazyClient<SFNClient>;
  readonly scheduler: LazyClient<SchedulerClient>;
  readonly cognito: LazyClient<CognitoIdentityProviderClient>;
}

/** The clients of one config; each is made when first used (a function makes only those it uses). */
export function awsClients(settings: Config): AwsClients {
  /** Region, and for a local endpoint the endpoint with dummy credentials. */
  const clientConfig = (endpoint: string | undefined) => ({
    region: settings.AWS_REGION,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  let dynamo: DynamoDBDocumentClient | undefined;
  /** Loads the package and makes the client once; a failed load is tried again on the next call. */
  const lazily = <C extends object>(make: () => Promise<C>): LazyClient<C> => {
    let made: Promise<C> | undefined;
    return () =>
      (made ??= make()
        .then((client) => tracer.captureAWSv3Client(client))
        .catch((error: unknown) => {
          made = undefined;
          throw error;
        }));
  };
  return {
    get dynamo() {
      return (dynamo ??= tracer.captureAWSv3Client(
        DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(settings.DYNAMODB_ENDPOINT)), {
          marshallOptions: { removeUndefinedValues: true },
        }),
      ));
    },
    eventBridge: lazily(
      async () => new (await sdk.eventBridge()).EventBridgeClient(clientConfig(settings.EVENTBRIDGE_ENDPOINT)),
    ),
    sfn: lazily(async () => new (await sdk.sfn()).SFNClient(clientConfig(settings.SFN_ENDPOINT))),
    scheduler: lazily(
      async () => new (await sdk.scheduler()).SchedulerClient(clientConfig(settings.SCHEDULER_ENDPOINT)),
    ),
    cognito: lazily(
      async () => new (await sdk.cognito()).CognitoIdentityProviderClient(clientConfig(settings.COGNITO_ENDPOINT)),
    ),
  };
}

let processClients: AwsClients | undefined;

/**
 * The process's clients, made from the process's config: what its functions' composition uses,
 * and what tests and the CLI reach for to look at the table or inject faults into the same client.
 */
export const clients = (): AwsClients => (processClients ??= awsClients(config()));

export const dynamoDocumentClient = () => clients().dynamo;
export const eventBridgeClient = () => clients().eventBridge();
