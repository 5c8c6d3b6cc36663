// Scheduled offboarding (R11): HR-system events on the bus reach the HR function (retry policy,
// dead-letter queue with the failure reason); removals are scheduled as one-time EventBridge
// Scheduler schedules in their own group, started with a role that may only start the workflow.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, type IGrantable, type Role } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule, CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hrEventPattern } from '#functions/hr/handle-hr-event/subscription.ts';
import { deadLetterQueue, OffboardFunction, onFailureDestination } from './offboard-function.ts';
import { grantPassToScheduler, schedulerRole } from './scheduler-role.ts';
import { grantTableReads } from './table-access.ts';

export interface HrOffboardingProps {
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
  public readonly scheduleGroup: CfnScheduleGroup;
  public readonly schedulerRole: Role;
  /** Where a removal schedule's start goes when it fails past its retries (alarmed). */
  public readonly scheduleDeadLetters: Queue;
  /** Starts SCHEDULED removals whose time passed without their schedule starting them. */
  public readonly overdueSweep: OffboardFunction;

  constructor(scope: Construct, id: string, props: HrOffboardingProps) {
    super(scope, id);
    const { table, eventBus, userRemoval } = props;

    this.scheduleGroup = new CfnScheduleGroup(this, 'Schedules', { name: 'offboard-removals' });
    this.schedulerRole = schedulerRole(this, 'SchedulerRole', {
      description: 'Starts scheduled user removals',
      groupName: this.scheduleGroup.name as string,
    });
    userRemoval.grantStartExecution(this.schedulerRole);
    this.scheduleDeadLetters = deadLetterQueue(this, 'ScheduleDeadLetters');
    // What Scheduler needs to deliver a failed start there: SendMessage only.
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.scheduleDeadLetters.queueArn] }),
    );

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
      scheduleExpression: 'rate(5 minutes)',
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
      SCHEDULE_GROUP: this.scheduleGroup.name as string,
      SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      SCHEDULE_DEAD_LETTER_ARN: this.scheduleDeadLetters.queueArn,
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
            resourceName: `${this.scheduleGroup.name}/*`,
          }),
        ],
      }),
    );
    grantPassToScheduler(this.schedulerRole, grantee);
    userRemoval.grantStartExecution(grantee);
    userRemoval.grantTaskResponse(grantee);
  }
}
