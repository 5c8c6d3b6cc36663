// Starts one DynamoDB Local (bundled jar, Java 17) for the whole test run; each test file creates
// its own tables on it (test/support/env.ts). Builds the admin console first if its sources changed
// (the browser tests and the stack's console deployment need web/dist).
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';
import { freePort } from '../../local/ports.ts';
import { buildConsole } from '../../local/console.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

let dynamo: DynamoDbLocal | undefined;

export async function setup(project: TestProject) {
  await buildConsole();
  dynamo = await startDynamoDbLocal(await freePort());
  project.provide('dynamodbEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}
