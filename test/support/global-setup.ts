// Starts one DynamoDB Local (bundled jar, Java 17) for the whole test run; each test file creates
// its own tables on it (test/support/env.ts).
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';
import { freePort } from '../../local/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

let dynamo: DynamoDbLocal | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoDbLocal(await freePort());
  project.provide('dynamodbEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}
