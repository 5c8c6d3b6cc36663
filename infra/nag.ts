// cdk-nag's AWS Solutions checks on the whole app (they fail the synth), and every finding we
// accept, each with its reason, next to the scope it applies to.
import { Token, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { StatefulStack } from './stateful-stack.ts';
import type { StatelessStack } from './stateless-stack.ts';

export function checkWithCdkNag(app: App, stacks: { stateful: StatefulStack; stateless: StatelessStack }): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const { stateless } = stacks;
  const accept = (scope: Parameters<typeof Validations.of>[0], id: string, reason: string) =>
    Validations.of(scope).acknowledge({ id, reason });

  // Each acknowledgement on the narrowest scope it is true of: every function (its role and
  // policy are its children), the workflow, the constructs that manage schedules — never the stack.
  const lambdas = stateless.node.findAll().filter((c): c is LambdaFunction => c instanceof LambdaFunction);
  for (const fn of lambdas) {
    accept(
      fn,
      'AwsSolutions-L1',
      'The runtime is fixed to nodejs22.x on purpose; upgrades are deliberate, tested changes.',
    );
    accept(
      fn,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "AWSLambdaBasicExecutionRole only lets a function write its own logs; CDK's standard Lambda role.",
    );
    accept(
      fn,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray (PutTraceSegments, GetSampling*) supports no resource-level permissions.',
    );
    accept(
      fn,
      'AwsSolutions-IAM5[Resource::OffboardStateful:ExportsOutputFnGetAttTableCD117FA1ArnE2C8C204/index/*]',
      "Reads Query the table's indexes; table grants cover its indexes by design.",
    );
  }
  accept(
    stateless.userRemoval,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray and CloudWatch Logs vended delivery for Step Functions support no resource-level permissions.',
  );
  // cdk-nag names a resource as the template has it: a pseudo parameter while the environment is
  // unknown, a literal once `cdk deploy` (or CDK_DEFAULT_*) makes it concrete.
  const { partition, region, account } = renderedEnvironment(stateless);
  for (const scheduling of [stateless.api, stateless.hr])
    accept(
      scheduling,
      `AwsSolutions-IAM5[Resource::arn:${partition}:scheduler:${region}:${account}:schedule/offboard-removals/*]`,
      'Removal schedules are named by removalId at run time; the grant is confined to the offboard-removals group.',
    );
  accept(
    stateless.userRemoval,
    'AwsSolutions-SF1',
    'The workflow logs ERROR without execution data on purpose: its states carry emails, reasons and task tokens. The execution history keeps the data for 90 days.',
  );
  if (stacks.stateful.users.userPool)
    accept(
      stacks.stateful.users.userPool,
      'AwsSolutions-COG2',
      "MFA is the deploy parameter Mfa, ON by default; OPTIONAL is an operator's explicit choice (cdk-nag cannot read a parameter).",
    );
  for (const route of stateless.api.publicRoutes)
    accept(route, 'AwsSolutions-APIG4', 'Only GET /v1/openapi.json is open: the API description, no data.');
  for (const fn of Object.values(stateless.taskFunctions)) {
    accept(
      stateless.userRemoval,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stateless, fn)}.Arn>:*]`,
      'The workflow may invoke any version of its own task functions (lambda:invoke adds the qualifier).',
    );
  }
  accept(
    stacks.stateful.removalSchedules.deadLetters,
    'AwsSolutions-SQS3',
    'This queue is itself a dead-letter queue: failed starts of removal schedules.',
  );
  for (const queue of [
    stateless.integrations.outboxDeadLetters,
    stateless.integrations.crmDeadLetters,
    stateless.hr.deadLetters,

    stateless.hr.failedInvocations,
    stateless.integrations.crmFailedInvocations,
    stateless.identity.syncDeadLetters,
    stateless.identity.syncFailures,
    stateless.callRecords.deadLetters,
    stateless.callRecords.failedInvocations,
  ]) {
    accept(queue, 'AwsSolutions-SQS3', 'This queue is itself a dead-letter queue (or on-failure destination).');
  }

  const console = stateless.adminConsole;
  accept(
    console.distribution,
    'AwsSolutions-CFR1',
    'The console serves admins wherever they work; every screen and API call is behind sign-in (Cognito, R6).',
  );
  if (!console.webAclArn)
    accept(
      console.distribution,
      'AwsSolutions-CFR2',
      'A CloudFront web ACL lives in us-east-1, outside this stack: attach one with the context offboard:consoleWebAclArn.',
    );
  if (!console.logsToBucket)
    accept(
      console.distribution,
      'AwsSolutions-CFR3',
      'CloudFront delivers standard logs to no bucket in an opt-in region (infra/regions.ts); the HTTP API keeps its access logs.',
    );
  accept(
    console.distribution,
    'AwsSolutions-CFR4',
    "The distribution uses CloudFront's default certificate (no custom domain), whose TLS policy CloudFront fixes.",
  );
  // CDK's BucketDeployment: one function that copies the console's files into its bucket.
  const bucketDeployer = lambdas.find((fn) => fn.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!bucketDeployer) throw new Error("CDK's BucketDeployment function not found: its acknowledgements need a scope");
  accept(
    bucketDeployer,
    'AwsSolutions-IAM5[Action::s3:GetBucket*]',
    "CDK's BucketDeployment reads the asset and writes the console bucket with CDK's standard grants.",
  );
  for (const id of ['Action::s3:GetObject*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*'])
    accept(
      bucketDeployer,
      `AwsSolutions-IAM5[${id}]`,
      "CDK's BucketDeployment: its standard grants on the asset and the console bucket.",
    );
  accept(
    bucketDeployer,
    `AwsSolutions-IAM5[Resource::<${stateless.getLogicalId(console.bucket.node.defaultChild as never)}.Arn>/*]`,
    "CDK's BucketDeployment writes the console's files into its bucket (hashed assets, then the page and its settings).",
  );
  accept(
    bucketDeployer,
    `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-${account}-${region}/*]`,
    "CDK's BucketDeployment reads the console's files from the CDK assets bucket.",
  );
}

/** The stack's partition, region and account as cdk-nag prints them in a finding's resource. */
function renderedEnvironment(stack: StatelessStack) {
  const rendered = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  return {
    partition: rendered(stack.partition, 'Partition'),
    region: rendered(stack.region, 'Region'),
    account: rendered(stack.account, 'AccountId'),
  };
}

const logicalIdOf = (stack: StatelessStack, fn: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(fn.node.defaultChild as never);
