// Stateful resources, deployed and kept apart from code: the single table and its stream's address,
// the event bus, the user pool, the CRM example's mappings, and the removal schedules' group.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Archive, CfnArchive, EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { TABLE_DESIGN } from '#adapters/dynamodb/table-design.ts';
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { regionOutside, REGIONS_WITHOUT_SCHEMA_REGISTRY } from './regions.ts';
import { RemovalSchedules } from './constructs/removal-schedules.ts';
import { UserDirectory } from './constructs/user-directory.ts';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { EVENT_SOURCE } from '#core/events/envelope.ts';
import { EVENT_CATALOG } from '#core/events/catalog.ts';
import { eventJsonSchema } from '#core/events/json-schema.ts';

export class StatefulStack extends Stack {
  public readonly table: TableV2;
  public readonly eventBus: EventBus;
  /** Scheduled removals' schedule group, the role that starts them and their dead letters (retained). */
  public readonly removalSchedules: RemovalSchedules;
  /** Who may sign in: the Cognito user pool (retained), unless an existing one is given by context. */
  public readonly users: UserDirectory;
  /** The example CRM consumer's agent mappings (retained). */
  public readonly crmTable: TableV2;
  /**
   * Where the table's stream ARN is published for the outbox relay: read at deploy time, not
   * exported, so enabling the stream anew (a new ARN) is not blocked by a stack that imports it.
   */
  public readonly tableStreamArnParameter: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { partitionKey, sortKey, gsi1, gsi2 } = TABLE_DESIGN;

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      // The AWS-owned key: encrypted at rest at no extra cost and no KMS calls; switch to
      // customerManagedKey if your policy requires a key you control.
      encryption: TableEncryptionV2.dynamoOwnedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The outbox relay reads inserted OUTBOX items; outbox and idempotency items expire by TTL.
      dynamoStream: StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: gsi1.name,
          partitionKey: { name: gsi1.partitionKey, type: AttributeType.STRING },
          sortKey: { name: gsi1.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...gsi1.projectedAttributes],
        },
        {
          indexName: gsi2.name,
          partitionKey: { name: gsi2.partitionKey, type: AttributeType.STRING },
          sortKey: { name: gsi2.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...gsi2.projectedAttributes],
        },
      ],
    });

    // The bus outlives the stack (integrations and HR systems are wired to its name), so a
    // redeploy after `cdk destroy` finds it already there: pass another name with the context
    // value `offboard:eventBusName`, or delete the old bus first (README, deploy guide).
    const eventBusName = (this.node.tryGetContext('offboard:eventBusName') as string | undefined) ?? 'offboard';
    this.eventBus = new EventBus(this, 'EventBus', { eventBusName });
    this.eventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Everything offboard emits can be replayed to integrations (runbook: replay from the archive).
    const archive = new Archive(this, 'EventArchive', {
      sourceEventBus: this.eventBus,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
      description: 'Every offboard.users event, for replay to integrations',
    });
    // aws-cdk issue 37847: without a key, Archive renders `KmsKeyIdentifier: ""`, which some
    // regions reject; absent, the archive uses the AWS-owned key as intended.
    (archive.node.defaultChild as CfnArchive).addPropertyDeletionOverride('KmsKeyIdentifier');

    this.tableStreamArnParameter = `/offboard/${this.stackName}/table-stream-arn`;
    new StringParameter(this, 'TableStreamArn', {
      parameterName: this.tableStreamArnParameter,
      description: "The offboard table's stream, for the outbox relay in the stateless stack",
      stringValue: this.table.tableStreamArn!,
    });

    this.crmTable = new TableV2(this, 'CrmMappings', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.users = new UserDirectory(this, 'Identity');
    this.removalSchedules = new RemovalSchedules(this, 'RemovalSchedules');
    this.registerEventSchemas();
  }

  /** The event contract, discoverable by integrators (and code bindings) in the Schema Registry. */
  private registerEventSchemas() {
    // Where the region has one; docs/events.md and the JSON Schemas in docs/events/ serve everywhere.
    const registryHere = regionOutside(this, 'SchemaRegistryAvailable', REGIONS_WITHOUT_SCHEMA_REGISTRY);
    if (registryHere === false) return;
    const registry = new CfnRegistry(this, 'SchemaRegistry', {
      registryName: 'offboard',
      description: 'Events offboard emits on the offboard bus (see docs/events.md)',
    });
    if (registryHere !== true) registry.cfnOptions.condition = registryHere;
    for (const event of EVENT_CATALOG) {
      const schema = new CfnSchema(this, `${event.detailType}Schema`, {
        registryName: registry.attrRegistryName,
        schemaName: `${event.source}@${event.detailType}`,
        type: 'JSONSchemaDraft4',
        content: JSON.stringify(eventJsonSchema(event)),
        description: `${event.detailType} v${event.version}`,
      });
      if (registryHere !== true) schema.cfnOptions.condition = registryHere;
    }
  }
}
