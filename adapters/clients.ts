// AWS clients, created once per process from the validated config. Local endpoints come from the
// config (DynamoDB Local, the local EventBridge), so no code path differs between AWS and local.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { config } from './config.ts';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let documentClient: DynamoDBDocumentClient | undefined;
let eventBridge: EventBridgeClient | undefined;
let stepFunctions: SFNClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    const client = new DynamoDBClient({
      region: AWS_REGION,
      ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT, credentials: localCredentials } : {}),
    });
    documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return documentClient;
}

export function eventBridgeClient(): EventBridgeClient {
  if (!eventBridge) {
    const { AWS_REGION, EVENTBRIDGE_ENDPOINT } = config();
    eventBridge = new EventBridgeClient({
      region: AWS_REGION,
      ...(EVENTBRIDGE_ENDPOINT ? { endpoint: EVENTBRIDGE_ENDPOINT, credentials: localCredentials } : {}),
    });
  }
  return eventBridge;
}

export function sfnClient(): SFNClient {
  if (!stepFunctions) {
    const { AWS_REGION, SFN_ENDPOINT } = config();
    stepFunctions = new SFNClient({
      region: AWS_REGION,
      ...(SFN_ENDPOINT ? { endpoint: SFN_ENDPOINT, credentials: localCredentials } : {}),
    });
  }
  return stepFunctions;
}
