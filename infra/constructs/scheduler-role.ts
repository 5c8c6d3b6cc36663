// A role EventBridge Scheduler assumes to run one group's schedules: trusted by Scheduler only on
// behalf of this account and that group (aws:SourceAccount, aws:SourceArn), as AWS recommends
// against the confused deputy; and the grant to pass it, to Scheduler only (iam:PassedToService).
import { Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable, type IRole } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

const SCHEDULER = 'scheduler.amazonaws.com';

export function schedulerRole(scope: Construct, id: string, props: { description: string; groupName: string }): Role {
  return new Role(scope, id, {
    description: props.description,
    assumedBy: new ServicePrincipal(SCHEDULER, {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnEquals: {
          'aws:SourceArn': Stack.of(scope).formatArn({
            service: 'scheduler',
            resource: 'schedule-group',
            resourceName: props.groupName,
          }),
        },
      },
    }),
  });
}

/** Lets `grantee` hand `role` to EventBridge Scheduler (creating schedules), and to nothing else. */
export function grantPassToScheduler(role: IRole, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': SCHEDULER } },
    }),
  );
}
