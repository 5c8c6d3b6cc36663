// The HR events the HR handler subscribes to: one pattern object for the CDK rule and the local bus.
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { HR_DETAIL_TYPES } from '#core/hr/hr-events.ts';

export const hrEventPattern = (hrSource: string): EventPattern => ({
  source: [hrSource],
  detailType: [...HR_DETAIL_TYPES],
});
