// The one Lambda construct every function of offboard uses: nodejs22.x on arm64, ESM bundled by
// the local esbuild (no Docker), X-Ray tracing, JSON logs with a retention, Powertools settings.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { RULE_TARGET_ASYNC_INVOKE } from '#functions/shared/async-invoke.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface OffboardFunctionProps {
  /** Handler module relative to the repository root, e.g. functions/removal-tasks/…/handler.ts. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

export class OffboardFunction extends NodejsFunction {
  /** The handler module, relative to the repository root (test/infra checks its CONFIG_NEEDS against the environment). */
  readonly entryModule: string;

  constructor(scope: Construct, id: string, props: OffboardFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'offboard',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // ESM bundles of CommonJS dependencies need a `require`.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        mainFields: ['module', 'main'],
      },
    });
    this.entryModule = props.entry;
  }
}

/**
 * For a function an EventBridge rule invokes (asynchronously): Lambda's retries and event age from
 * the one shared setting, then an on-failure destination queue — the rule's DLQ covers delivery
 * only, so without this a function error would drop the event after two retries.
 */
export function onFailureDestination(scope: Construct, fn: OffboardFunction, id: string): Queue {
  const queue = deadLetterQueue(scope, id);
  fn.configureAsyncInvoke({
    retryAttempts: RULE_TARGET_ASYNC_INVOKE.retryAttempts,
    maxEventAge: Duration.seconds(RULE_TARGET_ASYNC_INVOKE.maxEventAgeSeconds),
    onFailure: new SqsDestination(queue),
  });
  return queue;
}

/** A queue for what could not be delivered or processed: kept 14 days, encrypted, TLS only. */
export const deadLetterQueue = (scope: Construct, id: string): Queue =>
  new Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
