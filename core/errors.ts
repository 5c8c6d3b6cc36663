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
  | 'IDEMPOTENCY_KEY_REUSED';

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
