// cdk-nag's AWS Solutions checks on the whole app (they fail the synth), and every finding we
// accept, each with its reason, next to the scope it applies to.
import { Token, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StatefulStack } from './stateful-stack.ts';
import type { StatelessStack } from './stateless-stack.ts';

export function checkWithCdkNag(app: App, stacks: { stateful: StatefulStack; stateless: StatelessStack }): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const { stateless } = stacks;
  const accept = (scope: Parameters<typeof Validations.of>[0], id: string, reason: string) =>
    Validations.of(scope).acknowledge({ id, reason });

  accept(
    stateless,
    'AwsSolutions-L1',
    'The runtime is fixed to nodejs22.x on purpose (DEVELOPERS.md); upgrades are deliberate, tested changes.',
  );
  accept(
    stateless,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "AWSLambdaBasicExecutionRole only lets a function write its own logs; CDK's standard Lambda role.",
  );
  accept(
    stateless,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray (PutTraceSegments, GetSampling*) and CloudWatch Logs vended delivery for Step Functions support no resource-level permissions.',
  );
  accept(
    stateless,
    'AwsSolutions-IAM5[Resource::OffboardStateful:ExportsOutputFnGetAttTableCD117FA1ArnE2C8C204/index/*]',
    "Reads Query the table's owner index; table grants cover its indexes by design (one index exists).",
  );
  // How the schedule ARN renders depends on whether the stack's environment is known.
  const region = Token.isUnresolved(stateless.region) ? '<AWS::Region>' : stateless.region;
  const partition = Token.isUnresolved(stateless.region) ? '<AWS::Partition>' : stateless.partition;
  accept(
    stateless,
    `AwsSolutions-IAM5[Resource::arn:${partition}:scheduler:${region}:<AWS::AccountId>:schedule/offboard-removals/*]`,
    'Removal schedules are named by removalId at run time; the grant is confined to the offboard-removals group.',
  );
  for (const fn of Object.values(stateless.taskFunctions)) {
    accept(
      stateless,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stateless, fn)}.Arn>:*]`,
      'The workflow may invoke any version of its own task functions (lambda:invoke adds the qualifier).',
    );
  }
  for (const queue of [
    stateless.integrations.outboxDeadLetters,
    stateless.integrations.crmDeadLetters,
    stateless.hr.deadLetters,
  ]) {
    accept(queue, 'AwsSolutions-SQS3', 'This queue is itself a dead-letter queue.');
  }
}

const logicalIdOf = (stack: StatelessStack, fn: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(fn.node.defaultChild as never);
