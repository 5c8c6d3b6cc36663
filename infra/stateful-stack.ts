// Stateful resources, deployed and kept apart from code: the single table and the event bus.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { TABLE_DESIGN } from '#adapters/dynamodb/table-design.ts';
import { EVENT_SOURCE } from '#core/events/envelope.ts';

export class StatefulStack extends Stack {
  public readonly table: TableV2;
  public readonly eventBus: EventBus;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { partitionKey, sortKey, ownerIndex } = TABLE_DESIGN;

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      // AWS-owned keys: encrypted at rest at no extra cost; switch to customerManagedKey if required.
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: ownerIndex.name,
          partitionKey: { name: ownerIndex.partitionKey, type: AttributeType.STRING },
          sortKey: { name: ownerIndex.sortKey, type: AttributeType.STRING },
        },
      ],
    });

    this.eventBus = new EventBus(this, 'EventBus', { eventBusName: 'offboard' });
    this.eventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Everything offboard emits can be replayed to integrations (runbook: replay from the archive).
    new Archive(this, 'EventArchive', {
      sourceEventBus: this.eventBus,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
      description: 'Every offboard.users event, for replay to integrations',
    });
  }
}
