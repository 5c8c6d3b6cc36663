// Every event offboard emits (docs/api.md), in one list: published as JSON Schema, registered
// in the EventBridge Schema Registry, and parsed by consumers by detail-type.
import { OwnershipTransferred } from './ownership-transferred.ts';
import { RemovalCancelled } from './removal-cancelled.ts';
import { RemovalFailed } from './removal-failed.ts';
import { RemovalScheduled } from './removal-scheduled.ts';
import { SeatsAdjusted } from './seats-adjusted.ts';
import { TerminationUnmatched } from './termination-unmatched.ts';
import { ProvisioningRefused } from './provisioning-refused.ts';
import { UserActivated } from './user-activated.ts';
import { UserDeactivated } from './user-deactivated.ts';
import { UserRemoved } from './user-removed.ts';
import { UserAdded } from './user-added.ts';
import { RemovalStarted } from './removal-started.ts';
import { UserUpdated } from './user-updated.ts';
import { MembershipChanged, ResourceCreated, ResourceDeleted, ResourceReassigned } from './resource-events.ts';

export const EVENT_CATALOG = [
  UserRemoved,
  UserDeactivated,
  UserActivated,
  RemovalScheduled,
  RemovalCancelled,
  RemovalFailed,
  OwnershipTransferred,
  SeatsAdjusted,
  TerminationUnmatched,
  ProvisioningRefused,
  UserAdded,
  RemovalStarted,
  UserUpdated,
  ResourceCreated,
  ResourceReassigned,
  ResourceDeleted,
  MembershipChanged,
] as const;
