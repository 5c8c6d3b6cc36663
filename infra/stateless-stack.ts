// Code: the removal workflow's task functions and the state machine loaded from the ASL file.
import { CfnOutput, CfnParameter, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { CfnSamplingRule } from 'aws-cdk-lib/aws-xray';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { REMOVAL_SCHEDULE_GROUP, type RemovalSchedules } from './constructs/removal-schedules.ts';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { functionArnKey, REMOVAL_TASK_FUNCTIONS } from '#functions/removal-tasks/catalog.ts';
import { USER_REMOVAL_ASL_PATH } from '../statemachines/user-removal.ts';
import { OffboardFunction } from './constructs/offboard-function.ts';
import { DashboardApi } from './constructs/dashboard-api.ts';
import { Integrations } from './constructs/integrations.ts';
import { BillingCycle } from './constructs/billing-cycle.ts';
import { HrOffboarding } from './constructs/hr-offboarding.ts';
import { Operations } from './constructs/operations.ts';
import { Identity } from './constructs/identity.ts';
import { AdminConsole } from './constructs/admin-console.ts';
import { BusSenders } from './constructs/bus-senders.ts';
import { CallRecords } from './constructs/call-records.ts';
import { grantTableReads } from './constructs/table-access.ts';
import { ConcurrencyBudget } from './constructs/concurrency-budget.ts';

const USER_REMOVAL_STATE_MACHINE_NAME = 'offboard-user-removal';

export interface StatelessStackProps extends StackProps {
  table: ITableV2;
  eventBus: IEventBus;
  removalSchedules: RemovalSchedules;
  /** The stateful stack's user pool; absent when an existing one is given by context. */
  userPool?: IUserPool | undefined;
  crmTable: ITableV2;
  /** The SSM parameter holding the table's stream ARN (read at deploy time, no export). */
  tableStreamArnParameter: string;
}

export class StatelessStack extends Stack {
  public readonly userRemoval: StateMachine;
  public readonly taskFunctions: Record<string, OffboardFunction>;
  public readonly api: DashboardApi;
  public readonly integrations: Integrations;
  public readonly billingCycle: BillingCycle;
  public readonly hr: HrOffboarding;
  public readonly operations: Operations;
  public readonly identity: Identity;
  public readonly adminConsole: AdminConsole;
  public readonly busSenders: BusSenders;
  public readonly callRecords: CallRecords;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, eventBus } = props;
    const environment = { TABLE_NAME: table.tableName, EVENT_BUS_NAME: eventBus.eventBusName };

    this.taskFunctions = Object.fromEntries(
      REMOVAL_TASK_FUNCTIONS.map((task) => {
        const fn = new OffboardFunction(this, task.id, {
          entry: task.entry,
          description: task.description,
          environment,
        });
        // Least privilege: every task reads; only the writes it performs are granted.
        grantTableReads(table, fn);
        if (task.writes.length > 0) table.grant(fn, ...task.writes.map((action) => `dynamodb:${action}`));
        return [task.id, fn];
      }),
    );

    // Every removal's Map runs 4 batches at once: this caps them across all removals (a throttled
    // batch is retried, Lambda.TooManyRequestsException), so a layoff cannot starve the account.
    new ConcurrencyBudget(
      this,
      'RemovalTaskConcurrency',
      "Concurrent invocations reserved for each removal task function, the removals' batches among them",
    ).reserveFor(Object.values(this.taskFunctions));

    this.userRemoval = new StateMachine(this, 'UserRemoval', {
      stateMachineName: USER_REMOVAL_STATE_MACHINE_NAME,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(USER_REMOVAL_ASL_PATH),
      definitionSubstitutions: {
        ...Object.fromEntries(
          REMOVAL_TASK_FUNCTIONS.map((task) => [functionArnKey(task), this.taskFunctions[task.id]!.functionArn]),
        ),
        EventBusName: eventBus.eventBusName,
      },
      tracingEnabled: true,
      // Failures only, without data: state inputs carry emails, reasons and task tokens, which
      // must not sit in logs for months. The execution history (90 days, IAM-guarded) has the
      // data when a removal needs investigating.
      logs: {
        destination: new LogGroup(this, 'UserRemovalLogs', {
          logGroupName: `/aws/vendedlogs/states/${USER_REMOVAL_STATE_MACHINE_NAME}`,
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ERROR,
        includeExecutionData: false,
      },
    });
    // Which removals X-Ray traces: Step Functions follows sampling rules (Lambda does not: it samples
    // 1 request a second and 5 % beyond, not configurable, and follows the workflow's decision when
    // called from it). One a second is every removal on a normal day; in a layoff, a share.
    const workflowTraceRate = new CfnParameter(this, 'WorkflowTraceRate', {
      type: 'Number',
      description: 'Share of removals traced by X-Ray beyond the first each second (0–1)',
      minValue: 0,
      maxValue: 1,
      default: 0.05,
    });
    new CfnSamplingRule(this, 'WorkflowSampling', {
      samplingRule: {
        ruleName: USER_REMOVAL_STATE_MACHINE_NAME,
        priority: 100,
        reservoirSize: 1,
        fixedRate: workflowTraceRate.valueAsNumber,
        serviceName: USER_REMOVAL_STATE_MACHINE_NAME,
        serviceType: 'AWS::StepFunctions::StateMachine',
        host: '*',
        httpMethod: '*',
        urlPath: '*',
        resourceArn: '*',
        version: 1,
      },
    });

    // A definition from a file gets no automatic grants: give the workflow exactly what it calls.
    Object.values(this.taskFunctions).forEach((fn) => fn.grantInvoke(this.userRemoval));
    eventBus.grantPutEventsTo(this.userRemoval);

    new CfnOutput(this, 'UserRemovalStateMachineArn', { value: this.userRemoval.stateMachineArn });
    // What `npx offboard bootstrap` reads to find the deployment.
    new CfnOutput(this, 'TableName', { value: table.tableName });

    // Sign-in: the stack's Cognito user pool (or an existing one by context), and the dashboard's origin.
    this.identity = new Identity(this, 'Identity', { table, eventBus, userPool: props.userPool });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    if (this.identity.signInUrl) new CfnOutput(this, 'SignInUrl', { value: this.identity.signInUrl });
    // What `npx offboard sign-in` reads to run the hosted UI's code flow from a terminal.
    if (this.identity.hostedUiUrl) new CfnOutput(this, 'HostedUiUrl', { value: this.identity.hostedUiUrl });
    const dashboardOrigin = new CfnParameter(this, 'DashboardOrigin', {
      description: 'Origin allowed by CORS, e.g. https://dashboard.example.com',
      default: 'https://dashboard.example.com',
    });
    const hrEventSource = new CfnParameter(this, 'HrEventSource', {
      description: 'The source of HR-system events on the offboard bus',
      default: 'hr.system',
    });
    this.hr = new HrOffboarding(this, 'HrOffboarding', {
      schedules: props.removalSchedules,
      table,
      eventBus,
      userRemoval: this.userRemoval,
      hrEventSource: hrEventSource.valueAsString,
      environment: {
        TABLE_NAME: table.tableName,
        EVENT_BUS_NAME: eventBus.eventBusName,
        STATE_MACHINE_ARN: this.userRemoval.stateMachineArn,
      },
    });
    const apiRateLimit = new CfnParameter(this, 'ApiRateLimit', {
      type: 'Number',
      description: 'Requests per second every API route takes steadily (API Gateway answers 429 above)',
      minValue: 1,
      default: 100,
    });
    const apiBurstLimit = new CfnParameter(this, 'ApiBurstLimit', {
      type: 'Number',
      description: 'Requests every API route takes at once above its rate',
      minValue: 1,
      default: 200,
    });
    this.api = new DashboardApi(this, 'DashboardApi', {
      throttle: { rateLimit: apiRateLimit.valueAsNumber, burstLimit: apiBurstLimit.valueAsNumber },
      scheduling: this.hr,
      table,
      eventBus,
      userRemoval: this.userRemoval,
      identity: this.identity,
      dashboardOrigin: dashboardOrigin.valueAsString,
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    // Guaranteed capacity for the doors people and identity providers knock on, whatever else runs.
    new ConcurrencyBudget(
      this,
      'ApiConcurrency',
      'Concurrent invocations reserved for each API function (dashboard API, authorizer, SCIM, HR webhook)',
    ).reserveFor([this.api.handler, this.api.authorizerFunction, this.api.scimHandler, this.api.hrWebhook]);
    const consolePriceClass = new CfnParameter(this, 'ConsolePriceClass', {
      description:
        "CloudFront's edge locations for the console and API: PriceClass_200 includes India; PriceClass_100 does not",
      allowedValues: [PriceClass.PRICE_CLASS_100, PriceClass.PRICE_CLASS_200, PriceClass.PRICE_CLASS_ALL],
      default: PriceClass.PRICE_CLASS_200,
    });
    this.adminConsole = new AdminConsole(this, 'AdminConsole', {
      priceClass: consolePriceClass.valueAsString as PriceClass,
      httpApi: this.api.httpApi,
      hostedUiUrl: this.identity.hostedUiUrl,
      userPoolClientId: this.identity.client.userPoolClientId,
    });
    // The console is a sign-in callback of the stack's user pool client, beside CallbackUrls.
    this.identity.addCallbackUrl(this.adminConsole.url);
    new CfnOutput(this, 'ConsoleUrl', { value: this.adminConsole.url });
    // The stream by its published ARN, resolved at each deploy: an export would block the stateful
    // stack from ever changing the stream (a re-enabled stream has a new ARN).
    const tableStream = TableV2.fromTableAttributes(this, 'TableStream', {
      tableName: table.tableName,
      tableStreamArn: StringParameter.valueForStringParameter(this, props.tableStreamArnParameter),
    });
    this.integrations = new Integrations(this, 'Integrations', {
      table,
      tableStream,
      eventBus,
      crmTable: props.crmTable,
    });
    const platformEventSource = new CfnParameter(this, 'PlatformEventSource', {
      description: "The source of the telephony platform's CallCompleted events on the offboard bus",
      default: 'telephony.platform',
    });
    this.callRecords = new CallRecords(this, 'CallRecords', {
      table,
      eventBus,
      platformEventSource: platformEventSource.valueAsString,
    });
    this.busSenders = new BusSenders(this, 'BusSenders', {
      eventBus,
      offboardPublishers: [this.userRemoval.role, this.integrations.outboxRelay.role!],
      hrEventSource: hrEventSource.valueAsString,
      platformEventSource: platformEventSource.valueAsString,
    });
    this.billingCycle = new BillingCycle(this, 'BillingCycle', { table });
    this.operations = new Operations(this, 'Operations', {
      userRemoval: this.userRemoval,
      scheduleGroupName: REMOVAL_SCHEDULE_GROUP,
      functions: {
        ...this.taskFunctions,
        Api: this.api.handler,
        Scim: this.api.scimHandler,
        HrWebhook: this.api.hrWebhook,
        PlatformCalls: this.api.platformCalls,
        CallCompleted: this.callRecords.handler,
        Authorizer: this.api.authorizerFunction,
        OutboxRelay: this.integrations.outboxRelay,
        CrmSync: this.integrations.crmSync,
        BillingCycle: this.billingCycle.handler,
        HrEvents: this.hr.handler,
        OverdueSweep: this.hr.overdueSweep,
        IdentitySync: this.identity.sync,
      },
      deadLetterQueues: {
        Outbox: this.integrations.outboxDeadLetters,
        CrmSync: this.integrations.crmDeadLetters,
        HrEvents: this.hr.deadLetters,
        HrEventFailures: this.hr.failedInvocations,
        RemovalSchedules: props.removalSchedules.deadLetters,
        CallCompleted: this.callRecords.deadLetters,
        CallCompletedFailures: this.callRecords.failedInvocations,
        CrmSyncFailures: this.integrations.crmFailedInvocations,
        IdentitySync: this.identity.syncDeadLetters,
        IdentitySyncFailures: this.identity.syncFailures,
      },
      httpApi: this.api.httpApi,
    });
  }
}
