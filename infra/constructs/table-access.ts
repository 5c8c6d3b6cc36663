// What a function may read of the one multi-tenant table: items by key and Queries (on the table
// and its indexes) — never a Scan, which would read every account's items. CDK's grantReadData
// includes Scan (and the stream's reads); offboard's functions need neither.
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';

export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

export function grantTableReads(table: ITableV2, grantee: IGrantable): void {
  table.grant(grantee, ...TABLE_READ_ACTIONS);
}
