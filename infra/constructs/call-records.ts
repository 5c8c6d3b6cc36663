// Call records from the telephony platform (R7): CallCompleted events from the platform's AWS
// principal reach the call-records function (retry policy, dead-letter queue with the reason); a
// platform outside AWS posts them to POST /platform/v1/calls instead (DashboardApi).
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { callCompletedPattern } from '#functions/platform/call-completed/subscription.ts';
import { deadLetterQueue, OffboardFunction, onFailureDestination } from './offboard-function.ts';
import { grantTableReads } from './table-access.ts';

export interface CallRecordsProps {
  table: ITableV2;
  eventBus: IEventBus;
  platformEventSource: string;
}

export class CallRecords extends Construct {
  public readonly handler: OffboardFunction;
  public readonly deadLetters: Queue;
  public readonly failedInvocations: Queue;

  constructor(scope: Construct, id: string, props: CallRecordsProps) {
    super(scope, id);
    const { table, eventBus } = props;
    this.handler = new OffboardFunction(this, 'CallCompleted', {
      entry: 'functions/platform/call-completed/handler.ts',
      description: "The telephony platform's finished calls, recorded once each (R7)",
      environment: { TABLE_NAME: table.tableName },
    });
    // Reads the users; writes a call and its callId's claim (a transaction of two Puts).
    grantTableReads(table, this.handler);
    table.grant(this.handler, 'dynamodb:PutItem');
    this.deadLetters = deadLetterQueue(this, 'CallCompletedDeadLetters');
    this.failedInvocations = onFailureDestination(this, this.handler, 'CallCompletedFailures');
    new Rule(this, 'CallCompletedRule', {
      eventBus,
      description: "The telephony platform's CallCompleted events to the call-records function",
      eventPattern: callCompletedPattern(props.platformEventSource),
      targets: [
        new LambdaFunction(this.handler, {
          retryAttempts: 20,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
