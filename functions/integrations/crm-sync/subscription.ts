// What the CRM sync subscribes to: the one pattern object the CDK rule and the local bus both use.
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { EVENT_SOURCE } from '#core/events/envelope.ts';
import { UserActivated } from '#core/events/user-activated.ts';
import { UserDeactivated } from '#core/events/user-deactivated.ts';
import { UserRemoved } from '#core/events/user-removed.ts';

export const CRM_SYNC_PATTERN: EventPattern = {
  source: [EVENT_SOURCE],
  detailType: [UserRemoved.detailType, UserDeactivated.detailType, UserActivated.detailType],
  detail: { version: [1], userId: [{ exists: true }] },
};
