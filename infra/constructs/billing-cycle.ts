// The billing cycle job: EventBridge Scheduler invokes the seat-adjustment function every day
// shortly after midnight UTC (accounts' cycles start on any day of the month); each run applies
// what is due, once.
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { OffboardFunction } from './offboard-function.ts';
import { schedulerRole } from './scheduler-role.ts';
import { grantTableReads } from './table-access.ts';

export class BillingCycle extends Construct {
  public readonly handler: OffboardFunction;
  public readonly schedule: CfnSchedule;

  constructor(scope: Construct, id: string, { table }: { table: ITableV2 }) {
    super(scope, id);
    this.handler = new OffboardFunction(this, 'ApplySeatAdjustments', {
      entry: 'functions/billing/apply-seat-adjustments/handler.ts',
      description: 'Applies every seat adjustment due by today, once (R8)',
      environment: { TABLE_NAME: table.tableName },
      timeout: Duration.minutes(5),
    });
    grantTableReads(table, this.handler);
    table.grant(this.handler, 'dynamodb:UpdateItem', 'dynamodb:PutItem');

    const role = schedulerRole(this, 'SchedulerRole', {
      description: 'Runs the daily billing cycle',
      groupName: 'default',
    });
    role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.handler.functionArn] }),
    );
    this.schedule = new CfnSchedule(this, 'Daily', {
      description: 'offboard billing cycle: apply due seat adjustments',
      scheduleExpression: 'cron(5 0 * * ? *)',
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.handler.functionArn,
        roleArn: role.roleArn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 6 * 3600 },
      },
    });
  }
}
