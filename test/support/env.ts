// Points every test file's config at the shared DynamoDB Local before any module reads it.
import { inject } from 'vitest';

process.env.TABLE_NAME = inject('tableName');
process.env.CRM_TABLE_NAME = `${inject('tableName')}-crm`;
process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
process.env.AWS_REGION = 'us-east-1';
process.env.EVENT_BUS_NAME = 'offboard';
