// Gives every test file its own tables on the shared DynamoDB Local (so each file's outbox relay
// reads a stream of its own) and points the config at them before any module reads it.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureKeyValueTable, ensureTable } from '../../local/dynamodb-local.ts';

export const testTableName = (): string => process.env.TABLE_NAME as string;

const tableName = `offboard-test-${randomUUID().slice(0, 8)}`;
process.env.TABLE_NAME = tableName;
process.env.CRM_TABLE_NAME = `${tableName}-crm`;
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.AWS_REGION = 'us-east-1';
process.env.EVENT_BUS_NAME = 'offboard';
await ensureTable(inject('dynamodbEndpoint'), tableName);
await ensureKeyValueTable(inject('dynamodbEndpoint'), `${tableName}-crm`);
