// Named domain errors. Each carries its HTTP status and RFC 9457 problem `code`; its `name` is the
// code too, so a Step Functions `Error` (the Lambda errorType) is the same code the API returns.
// Mapped to problems in exactly one place (the API error middleware) and to removal failures by
// the workflow's compensation step.
import type { ResourceRef } from './model/index.ts';

export type ProblemCode =
  | 'VALIDATION_FAILED'
  | 'CONFIRMATION_REQUIRED'
  | 'UNAUTHENTICATED'
  | 'ACCESS_REVOKED'
  | 'NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'OWNER_MUST_TRANSFER'
  | 'CANNOT_REMOVE_SELF'
  | 'RESOURCES_NEED_REASSIGNMENT'
  | 'INVALID_REASSIGNMENT_TARGET'
  | 'REMOVAL_IN_PROGRESS'
  | 'NOT_CANCELLABLE'
  | 'SEAT_LIMIT_REACHED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RESOURCE_NOT_OWNED'
  // Added beyond docs/api.md's table (documented in the README):
  | 'EMAIL_IN_USE'
  | 'NOT_AWAITING_DECISION'
  | 'INVALID_NEW_OWNER'
  | 'INTERNAL_ERROR'
  | 'REPROVISIONING_REFUSED'
  | 'CANNOT_CHANGE_OWN_ROLE'
  | 'INVALID_OWNER'
  | 'LAST_ACTIVE_MEMBER'
  | 'REMOVAL_TOO_LARGE'
  | 'INVITATION_NOT_POSSIBLE';

export abstract class ProblemError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = code;
  }
}

export class ValidationFailedError extends ProblemError {
  readonly status = 400;
  readonly title = 'The request is not valid';
  constructor(detail: string, errors: { path: string; message: string }[]) {
    super('VALIDATION_FAILED', detail, { errors });
  }
}

export class NotAllowedError extends ProblemError {
  readonly status = 403;
  readonly title = 'Not allowed';
  constructor(detail: string) {
    super('NOT_ALLOWED', detail);
  }
}

export class NotFoundError extends ProblemError {
  readonly status = 404;
  readonly title = 'Not found';
  constructor(detail: string) {
    super('NOT_FOUND', detail);
  }
}

export class OwnerMustTransferError extends ProblemError {
  readonly status = 409;
  readonly title = 'The account owner must transfer ownership first';
  constructor(detail: string) {
    super('OWNER_MUST_TRANSFER', detail);
  }
}

export class CannotRemoveSelfError extends ProblemError {
  readonly status = 409;
  readonly title = 'You cannot remove or deactivate yourself';
  constructor(detail: string) {
    super('CANNOT_REMOVE_SELF', detail);
  }
}

export class ResourcesNeedReassignmentError extends ProblemError {
  readonly status = 409;
  readonly title = 'Owned resources need a reassignment target';
  constructor(resources: ResourceRef[]) {
    super(
      'RESOURCES_NEED_REASSIGNMENT',
      `${resources.length} resource(s) have no reassignment target: ${resources.map((r) => `${r.type} ${r.name}`).join(', ')}`,
      { resources },
    );
  }
}

/** R4: `reassignments` may only name what the user owns, or a rotation it is the last active member of. */
export class ResourceNotOwnedError extends ProblemError {
  readonly status = 409;
  readonly title = 'A reassignment names a resource the user does not own';
  constructor(resources: { resourceType: string; resourceId: string }[]) {
    super(
      'RESOURCE_NOT_OWNED',
      `${resources.length} reassignment(s) name resources the user neither owns nor is the last active member of: ${resources
        .slice(0, 10)
        .map((r) => `${r.resourceType} ${r.resourceId}`)
        .join(', ')}${resources.length > 10 ? ', …' : ''}`,
      { resources },
    );
  }
}

export class InvalidReassignmentTargetError extends ProblemError {
  readonly status = 409;
  readonly title = 'Invalid reassignment target';
  constructor(targets: string[]) {
    super(
      'INVALID_REASSIGNMENT_TARGET',
      `Reassignment target(s) must be ACTIVE users of the account and not being removed: ${targets.join(', ')}`,
      { targets },
    );
  }
}

export class RemovalInProgressError extends ProblemError {
  readonly status = 409;
  readonly title = 'A removal of this user is already pending';
  constructor(removalId: string) {
    super('REMOVAL_IN_PROGRESS', `Removal ${removalId} of this user is already pending`, { removalId });
  }
}

/**
 * The user's resources changed under a running reassignment (a target was deactivated, a member
 * left). Not a refusal: the workflow scans and plans again.
 */
export class OwnershipChangedError extends Error {
  override readonly name = 'OwnershipChanged';
}

/** A transient store failure (throttling, transaction conflict): the workflow retries the step. */
export class TransientStoreError extends Error {
  override readonly name = 'TransientStoreError';
}

export class UnauthenticatedError extends ProblemError {
  readonly status = 401;
  readonly title = 'Authentication required';
  constructor(detail = 'A valid bearer token is required') {
    super('UNAUTHENTICATED', detail);
  }
}

export class AccessRevokedError extends ProblemError {
  readonly status = 401;
  readonly title = 'Access revoked';
  constructor(detail = 'Access has been revoked for this user or token') {
    super('ACCESS_REVOKED', detail);
  }
}

export class ConfirmationRequiredError extends ProblemError {
  readonly status = 400;
  readonly title = 'Confirmation required';
  constructor(detail = 'Removal is permanent: send "confirm": true to proceed') {
    super('CONFIRMATION_REQUIRED', detail);
  }
}

export class NotCancellableError extends ProblemError {
  readonly status = 409;
  readonly title = 'The removal can no longer be cancelled';
  constructor(removalId: string, status: string) {
    super(
      'NOT_CANCELLABLE',
      `Removal ${removalId} is ${status}: only SCHEDULED or AWAITING_DECISION removals can be cancelled`,
      {
        removalId,
        removalStatus: status,
      },
    );
  }
}

export class SeatLimitReachedError extends ProblemError {
  readonly status = 409;
  readonly title = 'No seat available';
  constructor(plan: string, limit: number) {
    super('SEAT_LIMIT_REACHED', `The ${plan} plan allows ${limit} users and every seat is taken`, { plan, limit });
  }
}

export class IdempotencyKeyReusedError extends ProblemError {
  readonly status = 422;
  readonly title = 'Idempotency-Key reused with a different request';
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
  }
}

export class EmailInUseError extends ProblemError {
  readonly status = 409;
  readonly title = 'Email already in use';
  constructor(email: string) {
    super('EMAIL_IN_USE', `A user with ${email} already exists in this account`, { email });
  }
}

export class NotAwaitingDecisionError extends ProblemError {
  readonly status = 409;
  readonly title = 'The removal is not waiting for a decision';
  constructor(removalId: string, status: string) {
    super('NOT_AWAITING_DECISION', `Removal ${removalId} is ${status}, not AWAITING_DECISION`, {
      removalId,
      removalStatus: status,
    });
  }
}

export class InvalidNewOwnerError extends ProblemError {
  readonly status = 409;
  readonly title = 'The new owner must be an active admin';
  constructor(userId: string, detail = `${userId} is not an ACTIVE ADMIN of this account`) {
    super('INVALID_NEW_OWNER', detail, { newOwnerId: userId });
  }
}

/** A scheduled removal whose execution started after it was cancelled: it ends without effect. */
export class RemovalCancelledError extends Error {
  override readonly name = 'REMOVAL_CANCELLED';
}

/** R11: an HR/SSO provisioning of an email whose user HR removed, before an admin invited it again. */
export class ReprovisioningRefusedError extends ProblemError {
  readonly status = 409;
  readonly title = 'Re-provisioning refused';
  constructor(email: string) {
    super(
      'REPROVISIONING_REFUSED',
      `${email} was removed through the HR system; an admin must add the user explicitly before HR or SSO can provision it again`,
      { email },
    );
  }
}

/**
 * The workflow was started with an input no accepted request recorded (R14): no removal record, one
 * of another account or user, or one that says otherwise than the input. The run
 * ends at once, changing nothing — there is nothing to undo and nothing to announce.
 */
export class RemovalNotAcceptedError extends Error {
  override readonly name = 'REMOVAL_NOT_ACCEPTED';
}

export class CannotChangeOwnRoleError extends ProblemError {
  readonly status = 409;
  readonly title = 'You cannot change your own role';
  constructor(detail: string) {
    super('CANNOT_CHANGE_OWN_ROLE', detail);
  }
}

/** R12: an owner or member named that may not receive (not an ACTIVE user of the account, or being removed). */
export class InvalidOwnerError extends ProblemError {
  readonly status = 409;
  readonly title = 'Not a user who can be given this';
  constructor(userIds: string[]) {
    super(
      'INVALID_OWNER',
      `Owners and members must be ACTIVE users of the account that are not being removed: ${userIds.join(', ')}`,
      { userIds },
    );
  }
}

/** R5 outside a removal: the rotation would be left with nobody to take its calls. */
export class LastActiveMemberError extends ProblemError {
  readonly status = 409;
  readonly title = 'The last active member of a rotation';
  constructor(userId: string, resource: ResourceRef) {
    super(
      'LAST_ACTIVE_MEMBER',
      `${userId} is the last active member of ${resource.name}: add someone who takes its calls first, or delete it`,
      { userId, resourceType: resource.type, resourceId: resource.id },
    );
  }
}

/** More to hand over than one removal's run can carry (Step Functions' history and state limits). */
export class RemovalTooLargeError extends ProblemError {
  readonly status = 409;
  readonly title = 'Too much to hand over in one removal';
  constructor(userId: string, holdings: number, limit: number) {
    super(
      'REMOVAL_TOO_LARGE',
      `${userId} owns or is a member of ${holdings} resources; one removal hands over at most ${limit}: ` +
        'reassign some of them first (PATCH …/resources/{type}/{id}), then remove the user',
      { userId, holdings, limit },
    );
  }
}

/** Why an invitation cannot be (re)sent now. */
export type InvitationRefusal = 'NOT_ACTIVE' | 'ALREADY_SIGNED_IN' | 'NO_IDENTITY_PROVIDER' | 'DAILY_EMAIL_LIMIT';

export class InvitationNotPossibleError extends ProblemError {
  readonly status = 409;
  readonly title = 'The invitation cannot be sent';
  constructor(reason: InvitationRefusal, detail: string) {
    super('INVITATION_NOT_POSSIBLE', detail, { reason });
  }
}
