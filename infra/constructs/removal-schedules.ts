// What a scheduled removal's one-time schedule lives in, kept with the stateful resources and
// retained: deleting a schedule group deletes its schedules, so a redeploy (or a mistaken delete)
// of the stateless stack must never take them — each is a leaver whose access must still end.
// The role Scheduler assumes to start those removals, and the queue a start that fails past its
// retries goes to, live beside it; the stateless stack grants the role what it starts.
import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './offboard-function.ts';
import { schedulerRole } from './scheduler-role.ts';

export const REMOVAL_SCHEDULE_GROUP = 'offboard-removals';

export class RemovalSchedules extends Construct {
  public readonly group: CfnScheduleGroup;
  public readonly role: Role;
  public readonly deadLetters: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.group = new CfnScheduleGroup(this, 'Group', { name: REMOVAL_SCHEDULE_GROUP });
    this.group.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.role = schedulerRole(this, 'SchedulerRole', {
      description: 'Starts scheduled user removals',
      groupName: REMOVAL_SCHEDULE_GROUP,
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters');
    this.deadLetters.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // What Scheduler needs to deliver a failed start there: SendMessage only.
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }),
    );
  }
}
