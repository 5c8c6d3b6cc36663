// Starts one DynamoDB Local (bundled jar, Java 17) for the whole test run and creates the table.
import type { TestProject } from 'vitest/node';
import {
  ensureKeyValueTable,
  ensureTable,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../../local/dynamodb-local.ts';
import { freePort } from '../../local/ports.ts';

export const TEST_TABLE = 'offboard-test';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    tableName: string;
  }
}

let dynamo: DynamoDbLocal | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoDbLocal(await freePort());
  await ensureTable(dynamo.endpoint, TEST_TABLE);
  await ensureKeyValueTable(dynamo.endpoint, `${TEST_TABLE}-crm`);
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
}

export async function teardown() {
  await dynamo?.stop();
}
