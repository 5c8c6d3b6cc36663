// Records the platform's finished calls for one account (the credential's, never a field's): each
// for a user of the account — REMOVED ones included, a record may arrive late — with the display
// name the user has now, once per callId (a resent record changes nothing, R10).
import * as z from 'zod';
import { NotAllowedError, ValidationFailedError } from '../errors.ts';
import type { Stores } from '../ports.ts';
import { CallCompletedSchema, type CallCompleted, type CallOutcome } from './call-records.ts';

export interface CallResult {
  index: number;
  callId: string;
  outcome: CallOutcome;
}

/** A call to record: as the platform reports it (an imported history may not say its direction). */
export type CallToRecord = Omit<CallCompleted, 'accountId' | 'direction'> & {
  direction?: CallCompleted['direction'] | undefined;
};

export async function recordCalls(
  deps: Pick<Stores, 'users' | 'calls'>,
  accountId: string,
  records: readonly CallToRecord[],
): Promise<CallResult[]> {
  const users = await deps.users.getUsers(
    accountId,
    records.map((r) => r.userId),
  );
  // Each call is its own write (its callId's claim decides alone); a few at a time.
  const recordOne = async (record: CallToRecord, index: number): Promise<CallResult> => {
    const user = users.get(record.userId);
    if (!user) return { index, callId: record.callId, outcome: 'unknown-user' };
    const outcome = await deps.calls.recordCall({
      accountId,
      callId: record.callId,
      at: new Date(record.startedAt).toISOString(),
      userId: record.userId,
      userDisplayName: user.displayName,
      durationSeconds: record.durationSeconds,
      direction: record.direction ?? null,
      number: record.number ?? null,
    });
    return { index, callId: record.callId, outcome };
  };
  const results: CallResult[] = [];
  for (let i = 0; i < records.length; i += CONCURRENT_WRITES)
    results.push(...(await Promise.all(records.slice(i, i + CONCURRENT_WRITES).map((r, j) => recordOne(r, i + j)))));
  return results;
}

const CONCURRENT_WRITES = 10;

export const MAX_CALLS_PER_REQUEST = 100;

/** One call as `POST /platform/v1/calls` takes it: the account is the token's (it may repeat it). */
const WebhookCallSchema = CallCompletedSchema.extend({ accountId: CallCompletedSchema.shape.accountId.optional() });
const CallsBodySchema = z.union([
  z.strictObject({ calls: z.array(z.unknown()).min(1).max(MAX_CALLS_PER_REQUEST) }),
  z.looseObject({ callId: z.unknown() }),
]);

/**
 * The calls of a request body for the token's account: one call or `{calls: [...]}`. Any invalid
 * call refuses the whole body (nothing is recorded); one naming another account refuses it too (R14).
 */
export function callsOfBody(body: unknown, accountId: string): Omit<CallCompleted, 'accountId'>[] {
  const shape = CallsBodySchema.safeParse(body);
  if (!shape.success)
    throw new ValidationFailedError('The body is one call {callId, …} or {calls: [...]} of at most 100', [
      { path: 'body', message: 'expected {callId, userId, startedAt, durationSeconds, direction} or {calls: [1–100]}' },
    ]);
  const many = 'calls' in shape.data;
  const raw = many ? (shape.data.calls as unknown[]) : [shape.data];
  const errors: { path: string; message: string }[] = [];
  const calls: Omit<CallCompleted, 'accountId'>[] = [];
  raw.forEach((item, i) => {
    const at = many ? `body.calls.${i}` : 'body';
    const parsed = WebhookCallSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({
          path: [at, ...issue.path.map(String)].join('.'),
          message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
        });
      return;
    }
    const { accountId: named, ...call } = parsed.data;
    if (named !== undefined && named !== accountId)
      throw new NotAllowedError(
        `${at}.accountId names another account: a platform token acts for its own account only`,
      );
    calls.push(call);
  });
  if (errors.length > 0) throw new ValidationFailedError('Some calls are not valid; none was recorded', errors);
  return calls;
}
