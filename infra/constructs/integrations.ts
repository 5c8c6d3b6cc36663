// How events leave offboard and reach integrations: the outbox relay on the table's stream
// (filtered to OUTBOX inserts, partial-batch retries, a DLQ) and the example CRM sync consumer
// (an EventBridge rule with a retry policy and an SQS dead-letter queue for delivery, and Lambda's
// async retries with an on-failure destination for the function's own errors).
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CRM_SYNC_PATTERN } from '#functions/integrations/crm-sync/subscription.ts';
import { deadLetterQueue, OffboardFunction, onFailureDestination } from './offboard-function.ts';

export interface IntegrationsProps {
  table: ITableV2;
  /** The table as its stream's reader sees it (the ARN from the stateful stack's parameter). */
  tableStream: ITableV2;
  eventBus: IEventBus;
  /** The CRM example's mappings, in the stateful stack. */
  crmTable: ITableV2;
}

export class Integrations extends Construct {
  public readonly outboxRelay: OffboardFunction;
  public readonly outboxDeadLetters: Queue;
  public readonly crmSync: OffboardFunction;
  public readonly crmDeadLetters: Queue;
  /** The CRM sync's on-failure destination: events it failed on after Lambda's retries. */
  public readonly crmFailedInvocations: Queue;
  public readonly crmRule: Rule;
  public readonly crmTable: ITableV2;

  constructor(scope: Construct, id: string, { table, tableStream, eventBus, crmTable }: IntegrationsProps) {
    super(scope, id);

    this.outboxRelay = new OffboardFunction(this, 'OutboxRelay', {
      entry: 'functions/integrations/outbox-relay/handler.ts',
      description: 'Publishes outbox items from the table stream to the event bus',
      environment: { EVENT_BUS_NAME: eventBus.eventBusName, TABLE_NAME: table.tableName },
    });
    eventBus.grantPutEventsTo(this.outboxRelay);
    this.outboxDeadLetters = deadLetterQueue(this, 'OutboxDeadLetters');
    this.outboxRelay.addEventSource(
      new DynamoEventSource(tableStream, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 50,
        onFailure: new SqsDlq(this.outboxDeadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('OUTBOX') } } },
          }),
        ],
      }),
    );

    this.crmTable = crmTable;
    this.crmSync = new OffboardFunction(this, 'CrmSync', {
      entry: 'functions/integrations/crm-sync/handler.ts',
      description: 'Example consumer: keeps CRM agent mappings in step with offboard events',
      environment: { CRM_TABLE_NAME: this.crmTable.tableName, TABLE_NAME: table.tableName },
    });
    // Its mappings by key: GetItem and PutItem (mapping-store.ts), nothing that reads the whole table.
    this.crmTable.grant(this.crmSync, 'dynamodb:GetItem', 'dynamodb:PutItem');
    this.crmDeadLetters = deadLetterQueue(this, 'CrmSyncDeadLetters');
    this.crmFailedInvocations = onFailureDestination(this, this.crmSync, 'CrmSyncFailures');
    this.crmRule = new Rule(this, 'CrmSyncRule', {
      eventBus,
      description: 'UserRemoved / UserDeactivated / UserActivated to the CRM sync',
      eventPattern: CRM_SYNC_PATTERN,
      targets: [
        new LambdaFunction(this.crmSync, {
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.crmDeadLetters,
        }),
      ],
    });
  }
}
