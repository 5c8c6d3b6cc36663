// POST …/users/{userId}/removal: checks R1–R4 synchronously (nothing starts when refused), then
// records the removal with the user's pending guard and the Idempotency-Key in one transaction,
// and starts the workflow with execution name = removalId (R10).
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../model/canonical-json.ts';
import {
  ConfirmationRequiredError,
  IdempotencyKeyReusedError,
  RemovalInProgressError,
  TransientStoreError,
} from '../errors.ts';
import { AcceptedUserSchema, MAX_ROTATIONS_IN_STATE, rotationsOf } from '../model/index.ts';
import type { Account, ReassignmentRequest, RemovalRequest, RemovalStatus, User } from '../model/index.ts';
import type { AdminDeps } from '../admin-deps.ts';
import { checkRemovalAllowed } from './check-removal.ts';
import { acceptRemoval, isDueNow } from './accept-removal.ts';

export interface RemovalBody {
  confirm?: boolean | undefined;
  reassignTo?: string | undefined;
  reassignments?: ReassignmentRequest[] | undefined;
  effectiveAt?: string | undefined;
  reason?: string | undefined;
}

export interface RemovalAccepted {
  removalId: string;
  /** RUNNING or SCHEDULED when new; a replay answers the removal's current status. */
  status: RemovalStatus;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** A stable hash of what was asked: same user and body → same hash, whatever the key order. */
const requestHash = (userId: string, body: RemovalBody): string =>
  createHash('sha256').update(canonicalJson({ userId, body })).digest('hex');

/** What the API read when it accepted a removal, as the request carries it (RemovalRequest.acceptedAs). */
export const acceptedAsOf = (target: User, account: Account): NonNullable<RemovalRequest['acceptedAs']> => ({
  user: AcceptedUserSchema.parse(target), // its fields, and no others
  plan: account.plan,
  billingCycleDay: account.billingCycleDay,
});

export async function requestRemoval(
  deps: AdminDeps,
  caller: User,
  input: { userId: string; body: RemovalBody; idempotencyKey?: string | undefined; correlationId?: string | undefined },
): Promise<RemovalAccepted> {
  const { removals, workflow, clock } = deps;
  const { userId, body, idempotencyKey } = input;
  if (body.confirm !== true) throw new ConfirmationRequiredError();

  const hash = requestHash(userId, body);
  /** The answer to a request this key already made: the same removal, as it is now. */
  const replay = async (): Promise<RemovalAccepted | undefined> => {
    if (!idempotencyKey) return undefined;
    const previous = await removals.getIdempotency(caller.accountId, caller.userId, idempotencyKey);
    if (!previous) return undefined;
    if (previous.requestHash !== hash) throw new IdempotencyKeyReusedError();
    const removal = await removals.getRemoval(previous.removalId);
    // Starting again is harmless (same execution name) and repairs a start that failed midway.
    if (removal?.status === 'RUNNING') await workflow.start(removal.request);
    return { removalId: previous.removalId, status: removal?.status ?? 'RUNNING' };
  };
  const replayed = await replay();
  if (replayed) return replayed;
  try {
    return await acceptNewRequest();
  } catch (error) {
    // A duplicate with the same key that raced this one and won: its answer is this one's too.
    if (error instanceof RemovalInProgressError || error instanceof TransientStoreError) {
      const raced = await replay();
      if (raced) return raced;
    }
    throw error;
  }

  async function acceptNewRequest(): Promise<RemovalAccepted> {
    const request: RemovalRequest = {
      removalId: `rm-${randomUUID()}`,
      accountId: caller.accountId,
      userId,
      requestedBy: { type: 'USER', id: caller.userId },
      requestedAt: clock.now().toISOString(),
      ...(body.reassignTo ? { reassignTo: body.reassignTo } : {}),
      ...(body.reassignments ? { reassignments: body.reassignments } : {}),
      ...(body.reason ? { reason: body.reason } : {}),
      ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    };
    const { target, account } = await checkRemovalAllowed(deps, caller, request);
    // Starting now: what was just read travels with the request, so Authorize can take the user
    // in one conditional write instead of reading it all again (authorize-removal.ts).
    const acceptedAs = acceptedAsOf(target, account);
    return acceptRemoval(deps, {
      // Not for users in very many rotations: their memberOf would weigh on the workflow's state.
      request:
        isDueNow(body.effectiveAt, clock.now()) && rotationsOf(target).length <= MAX_ROTATIONS_IN_STATE
          ? { ...request, acceptedAs }
          : request,
      target,
      effectiveAt: body.effectiveAt,
      idempotency: idempotencyKey
        ? {
            callerId: caller.userId,
            key: idempotencyKey,
            requestHash: hash,
            expiresAt: Math.floor(clock.now().getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
          }
        : null,
    });
  }
}
