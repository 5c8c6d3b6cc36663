// The platform events the call-records function subscribes to: one pattern for the CDK rule and the local bus.
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { CALL_COMPLETED } from '#core/calls/call-records.ts';

export const callCompletedPattern = (platformSource: string): EventPattern => ({
  source: [platformSource],
  detailType: [CALL_COMPLETED],
});
