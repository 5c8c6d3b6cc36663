// Scheduled offboarding (R11): HR-system events on the bus reach the HR function (retry policy,
// dead-letter queue with the failure reason); removals are scheduled as one-time EventBridge
// Scheduler schedules in their own group, started with a role that may only start the workflow.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, type IGrantable, type IRole } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hrEventPattern } from '#functions/hr/handle-hr-event/subscription.ts';
import { OVERDUE_SWEEP_EVERY_MINUTES } from '#core/removal/start-overdue.ts';
import { deadLetterQueue, OffboardFunction, onFailureDestination } from './offboard-function.ts';
import { grantPassToScheduler, schedulerRole } from './scheduler-role.ts';
import { REMOVAL_SCHEDULE_GROUP, type RemovalSchedules } from './removal-schedules.ts';
import { grantTableReads } from './table-access.ts';

export interface HrOffboardingProps {
  schedules: RemovalSchedules;
  table: ITableV2;
  eventBus: IEventBus;
  userRemoval: IStateMachine;
  hrEventSource: string;
  /** Environment every function that schedules or decides removals needs (auth, origin…). */
  environment: Record<string, string>;
}

export class HrOffboarding extends Construct {
  public readonly handler: OffboardFunction;
  public readonly deadLetters: Queue;
  /** The HR function's on-failure destination: events it failed on after Lambda's retries. */
  public readonly failedInvocations: Queue;
  /** The stateful stack's schedule group, role and dead letters (removal-schedules.ts). */
  public readonly schedules: RemovalSchedules;
  /** The schedules' role as this stack grants it: what it may start is granted here. */
  private readonly schedulerRole: IRole;
  /** Starts SCHEDULED removals whose time passed without their schedule starting them. */
  public readonly overdueSweep: OffboardFunction;

  constructor(scope: Construct, id: string, props: HrOffboardingProps) {
    super(scope, id);
    const { table, eventBus, userRemoval } = props;

    this.schedules = props.schedules;
    // Imported, so the grant to start this stack's workflow is a policy of this stack (the stateful
    // stack cannot name the state machine: it is deployed first).
    this.schedulerRole = Role.fromRoleArn(this, 'SchedulerRole', props.schedules.role.roleArn, { mutable: true });
    userRemoval.grantStartExecution(this.schedulerRole);

    // The safety net under the one-time schedules: every five minutes, whatever is overdue starts.
    this.overdueSweep = new OffboardFunction(this, 'OverdueSweep', {
      entry: 'functions/removal-sweep/handler.ts',
      description: 'Starts scheduled removals whose time passed without their schedule starting them (R11)',
      environment: { ...props.environment, ...this.schedulingEnvironment() },
      timeout: Duration.minutes(2),
    });
    grantTableReads(table, this.overdueSweep);
    table.grant(this.overdueSweep, 'dynamodb:UpdateItem');
    userRemoval.grantStartExecution(this.overdueSweep);
    const sweepRole = schedulerRole(this, 'SweepSchedulerRole', {
      description: 'Runs the overdue-removal sweep',
      groupName: 'default',
    });
    // The function itself, unqualified (grantInvoke would add every version too).
    sweepRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.overdueSweep.functionArn] }),
    );
    new CfnSchedule(this, 'OverdueSweepSchedule', {
      description: 'offboard: start scheduled removals whose time passed',
      scheduleExpression: `rate(${OVERDUE_SWEEP_EVERY_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.overdueSweep.functionArn,
        roleArn: sweepRole.roleArn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 300 },
      },
    });

    this.handler = new OffboardFunction(this, 'HandleHrEvent', {
      entry: 'functions/hr/handle-hr-event/handler.ts',
      description: 'HR terminations, reschedules, cancellations and provisioning (R11)',
      environment: { ...props.environment, ...this.schedulingEnvironment(), HR_EVENT_SOURCE: props.hrEventSource },
    });
    grantTableReads(table, this.handler);
    // HR terminations, reschedules and cancellations, provisioning: the use cases' writes, no Scan.
    table.grant(this.handler, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');
    this.grantScheduling(this.handler, userRemoval);

    this.deadLetters = deadLetterQueue(this, 'HrEventDeadLetters');
    this.failedInvocations = onFailureDestination(this, this.handler, 'HrEventFailures');
    new Rule(this, 'HrEventsRule', {
      eventBus,
      description: 'HR-system terminations and provisioning to the HR function',
      eventPattern: hrEventPattern(props.hrEventSource),
      targets: [
        new LambdaFunction(this.handler, {
          retryAttempts: 20,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }

  /** Config for functions that create, move or cancel schedules. */
  schedulingEnvironment(): Record<string, string> {
    return {
      SCHEDULE_GROUP: REMOVAL_SCHEDULE_GROUP,
      SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      SCHEDULE_DEAD_LETTER_ARN: this.schedules.deadLetters.queueArn,
    };
  }

  /** Lets a function manage removal schedules (in the group only) and answer waiting executions. */
  grantScheduling(grantee: IGrantable, userRemoval: IStateMachine): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [
          Stack.of(this).formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${REMOVAL_SCHEDULE_GROUP}/*`,
          }),
        ],
      }),
    );
    grantPassToScheduler(this.schedulerRole, grantee);
    userRemoval.grantStartExecution(grantee);
    userRemoval.grantTaskResponse(grantee);
  }
}
