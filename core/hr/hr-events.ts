// HR-system events offboard consumes (docs/api.md; source `hr.system`, configurable), parsed
// from EventBridge envelopes. The envelope's time orders them: deliveries may come in any order.
import * as z from 'zod';
import { IdSchema, optionalField } from '../model/index.ts';

// Held to the rules every other input is: an account id of the id form (it is part of table keys:
// "acme#AUDIT" would write into acme's audit log), an email of at most 254 characters.
const AccountId = IdSchema;
const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
const At = z.iso.datetime({ offset: true });

export const HR_DETAIL_TYPES = [
  'EmployeeTerminated',
  'TerminationRescheduled',
  'TerminationCancelled',
  'EmployeeProvisioned',
] as const;
export type HrDetailType = (typeof HR_DETAIL_TYPES)[number];

/** Each HR event's detail, as the bus carries it and as the HR webhook's events carry it. */
export const HR_DETAIL_SCHEMAS = {
  EmployeeTerminated: z.object({
    accountId: AccountId,
    email: Email,
    effectiveAt: At,
    managerEmail: Email.optional(),
    reason: z.string().max(500).optional(),
  }),
  TerminationRescheduled: z.object({ accountId: AccountId, email: Email, effectiveAt: At }),
  TerminationCancelled: z.object({ accountId: AccountId, email: Email }),
  // HR/SSO provisioning of a user (R11: refused for an email HR removed, until an admin invites it).
  // Members only: an HR feed never makes an admin — an admin promotes (HR input must not grant power).
  EmployeeProvisioned: z.object({
    accountId: AccountId,
    email: Email,
    displayName: z.string().trim().min(1).max(200),
    role: z
      .literal('MEMBER', { error: 'HR provisioning adds members only; an admin promotes them in offboard' })
      .default('MEMBER'),
  }),
} as const satisfies Record<HrDetailType, z.ZodObject>;

export const HrEnvelopeSchema = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal('EmployeeTerminated'), time: At, detail: HR_DETAIL_SCHEMAS.EmployeeTerminated }),
  z.object({
    'detail-type': z.literal('TerminationRescheduled'),
    time: At,
    detail: HR_DETAIL_SCHEMAS.TerminationRescheduled,
  }),
  z.object({
    'detail-type': z.literal('TerminationCancelled'),
    time: At,
    detail: HR_DETAIL_SCHEMAS.TerminationCancelled,
  }),
  z.object({
    'detail-type': z.literal('EmployeeProvisioned'),
    time: At,
    detail: HR_DETAIL_SCHEMAS.EmployeeProvisioned,
  }),
]);
export type HrEnvelope = z.infer<typeof HrEnvelopeSchema>;
export type TerminationEnvelope = Exclude<HrEnvelope, { 'detail-type': 'EmployeeProvisioned' }>;
export type ProvisioningEnvelope = Extract<HrEnvelope, { 'detail-type': 'EmployeeProvisioned' }>;

/** What HR last said about one employee: the register every HR event is reconciled against. */
export const TerminationRecordSchema = z.object({
  accountId: z.string(),
  email: z.string(),
  state: z.enum(['TERMINATED', 'CANCELLED']),
  effectiveAt: optionalField(z.string()),
  managerEmail: optionalField(z.string()),
  reason: optionalField(z.string()),
  /** The time of the HR event behind this state; older events are stale. */
  lastEventTime: z.string(),
  /** Saved, but the removal not yet reconciled with it (a failure in between is retried). */
  pendingReconcile: optionalField(z.boolean()),
});
export type TerminationRecord = z.infer<typeof TerminationRecordSchema>;

/** The register after an event, or null when the event is not newer than what was applied. */
export function nextTermination(
  current: TerminationRecord | undefined,
  event: TerminationEnvelope,
): TerminationRecord | null {
  const time = new Date(event.time).toISOString();
  if (current && time <= current.lastEventTime) return null;
  const { accountId, email } = event.detail;
  switch (event['detail-type']) {
    case 'EmployeeTerminated':
      return { accountId, email, state: 'TERMINATED', ...pick(event.detail), lastEventTime: time };
    case 'TerminationRescheduled':
      // A reschedule implies the termination, even when it overtook the original event.
      return {
        ...current,
        accountId,
        email,
        state: 'TERMINATED',
        effectiveAt: event.detail.effectiveAt,
        lastEventTime: time,
      };
    case 'TerminationCancelled':
      return { ...current, accountId, email, state: 'CANCELLED', lastEventTime: time };
  }
}

const pick = (d: { effectiveAt: string; managerEmail?: string | undefined; reason?: string | undefined }) => ({
  effectiveAt: d.effectiveAt,
  managerEmail: d.managerEmail,
  reason: d.reason,
});
