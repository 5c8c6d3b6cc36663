// The local runtime for workflow tests: the deployed ASL file run by aws-local-stepfunctions
// against the shared DynamoDB Local, a local event bus per test file, and short retry backoff.
import { inject } from 'vitest';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '#local/runtime.ts';
import { testTableName } from './env.ts';

/** The runtime on the shared DynamoDB Local and this file's table; `options` add to or override that. */
export function startTestRuntime(options: Partial<LocalRuntimeOptions> = {}): Promise<LocalRuntime> {
  return startLocalRuntime({
    dynamodb: { endpoint: inject('dynamodbEndpoint') },
    eventsPort: 0,
    tableName: testTableName(),
    retryIntervalMs: 5,
    ...options,
  });
}

/** UserRemoved events of one removal on the local bus. */
export const userRemovedEvents = (runtime: LocalRuntime, removalId: string) =>
  runtime.bus.events({ detailType: 'UserRemoved' }).filter((e) => e.detail.removalId === removalId);
