// Scheduled offboarding (R11): HR-system events on the bus reach the HR function (retry policy,
// dead-letter queue with the failure reason); removals are scheduled as one-time EventBridge
// Scheduler schedules in their own group, started with a role that may only start the workflow.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hrEventPattern } from '#functions/hr/handle-hr-event/subscription.ts';
import { deadLetterQueue, OffboardFunction, onFailureDestination } from './offboard-function.ts';

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

  constructor(scope: Construct, id: string, props: HrOffboardingProps) {
    super(scope, id);
    const { table, eventBus, userRemoval } = props;

    this.scheduleGroup = new CfnScheduleGroup(this, 'Schedules', { name: 'offboard-removals' });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Starts scheduled user removals',
    });
    userRemoval.grantStartExecution(this.schedulerRole);

    this.handler = new OffboardFunction(this, 'HandleHrEvent', {
      entry: 'functions/hr/handle-hr-event/handler.ts',
      description: 'HR terminations, reschedules, cancellations and provisioning (R11)',
      environment: { ...props.environment, ...this.schedulingEnvironment(), HR_EVENT_SOURCE: props.hrEventSource },
    });
    table.grantReadWriteData(this.handler);
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
    return { SCHEDULE_GROUP: this.scheduleGroup.name as string, SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn };
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
    this.schedulerRole.grantPassRole(grantee.grantPrincipal);
    userRemoval.grantStartExecution(grantee);
    userRemoval.grantTaskResponse(grantee);
  }
}
