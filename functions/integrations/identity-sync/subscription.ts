// What the identity sync subscribes to: every event that changes whether a user may sign in. One
// pattern object for the CDK rule and the local bus's rule.
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { EVENT_SOURCE } from '#core/events/envelope.ts';
import { RemovalCancelled } from '#core/events/removal-cancelled.ts';
import { RemovalFailed } from '#core/events/removal-failed.ts';
import { RemovalStarted } from '#core/events/removal-started.ts';
import { UserActivated } from '#core/events/user-activated.ts';
import { UserAdded } from '#core/events/user-added.ts';
import { UserDeactivated } from '#core/events/user-deactivated.ts';
import { UserRemoved } from '#core/events/user-removed.ts';

export const IDENTITY_SYNC_PATTERN: EventPattern = {
  source: [EVENT_SOURCE],
  detailType: [
    UserAdded.detailType,
    UserActivated.detailType,
    UserDeactivated.detailType,
    RemovalStarted.detailType,
    UserRemoved.detailType,
    RemovalFailed.detailType,
    // A removal cancelled while it waited for a decision gives the user back their sign-in.
    RemovalCancelled.detailType,
  ],
  detail: { version: [1], userId: [{ exists: true }] },
};
