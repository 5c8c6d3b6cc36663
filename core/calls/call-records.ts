// Call records from the telephony platform: a CallCompleted per finished call, from the platform's
// principal on the bus or over HTTPS with the account's platform token (R14: the account is the
// credential's). Each is stored once per callId with the user's display name at that moment, so
// call history stays attributed after the user is removed (R7). Calls are never changed.
import * as z from 'zod';
import { IdSchema } from '../model/index.ts';

export const CALL_COMPLETED = 'CallCompleted';
export const MAX_CALL_SECONDS = 7 * 24 * 3600;

export const CallDirectionSchema = z.enum(['INBOUND', 'OUTBOUND']);

/** One finished call as the platform reports it (the bus event's detail; over HTTPS, without the account). */
export const CallCompletedSchema = z.strictObject({
  accountId: IdSchema,
  callId: IdSchema,
  userId: IdSchema,
  startedAt: z.iso.datetime({ offset: true }),
  durationSeconds: z.number().int().min(0).max(MAX_CALL_SECONDS),
  direction: CallDirectionSchema,
  /** The other party's number, as the platform shows it. */
  number: z.string().trim().min(1).max(40).optional(),
});
export type CallCompleted = z.infer<typeof CallCompletedSchema>;

/** A call as stored and listed: when it started (`at`, UTC), who took it and their name then. */
export interface CallLogEntry {
  callId: string;
  at: string;
  userId: string;
  userDisplayName: string;
  durationSeconds: number;
  direction: z.infer<typeof CallDirectionSchema> | null;
  number: string | null;
}

/** What happened to one record: stored, already stored (the same callId), or refused. */
export type CallOutcome = 'recorded' | 'duplicate' | 'unknown-user';
