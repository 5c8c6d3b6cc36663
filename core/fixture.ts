// The fixture format of docs/api.md (`offboard seed FILE.json`), validated with zod, plus the checks a
// schema cannot express (owner exists, references resolve, emails unique), each with its path.
import * as z from 'zod';
import { prototypeKeyPath } from './model/json-keys.ts';
import { CallDirectionSchema } from './calls/call-records.ts';
import {
  IdSchema,
  PlanSchema,
  ResourceTypeSchema,
  RoleSchema,
  UserStatusSchema,
  MEMBERSHIP_TYPES,
} from './model/index.ts';

// The ids the API accepts, and no others: a fixture must not create what no request could name.
const Id = IdSchema;

const FixtureUserSchema = z.strictObject({
  userId: Id,
  email: z.email(),
  displayName: z.string().min(1).max(200),
  role: RoleSchema,
  status: UserStatusSchema.exclude(['REMOVING', 'REMOVED']).default('ACTIVE'),
});

const FixtureResourceSchema = z.strictObject({
  type: ResourceTypeSchema,
  id: Id,
  name: z.string().min(1).max(200),
  ownerId: Id,
  members: z.array(Id).optional(),
});

const FixtureCallLogSchema = z.strictObject({
  callId: Id,
  userId: Id,
  at: z.iso.datetime(),
  durationSeconds: z.number().int().min(0),
  direction: CallDirectionSchema.optional(),
  number: z.string().trim().min(1).max(40).optional(),
});

const FixtureAccountSchema = z
  .strictObject({
    accountId: Id,
    name: z.string().min(1),
    plan: PlanSchema,
    billingCycleDay: z.number().int().min(1).max(31),
    fallbackUserId: Id.optional(),
    users: z.array(FixtureUserSchema).min(1),
    resources: z.array(FixtureResourceSchema).default([]),
    callLogs: z.array(FixtureCallLogSchema).default([]),
  })
  .superRefine((account, ctx) => {
    const userIds = new Set(account.users.map((u) => u.userId));
    const owners = account.users.filter((u) => u.role === 'OWNER');
    if (owners.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['users'],
        message: `exactly one OWNER is required, found ${owners.length}`,
      });
    const seen = new Map<string, number>();
    account.users.forEach((u, i) => {
      const email = u.email.toLowerCase();
      if (seen.has(email))
        ctx.addIssue({
          code: 'custom',
          path: ['users', i, 'email'],
          message: `duplicates users[${seen.get(email)}].email`,
        });
      seen.set(email, i);
      if (account.users.findIndex((other) => other.userId === u.userId) !== i)
        ctx.addIssue({ code: 'custom', path: ['users', i, 'userId'], message: `duplicate userId ${u.userId}` });
    });
    account.resources.forEach((r, i) => {
      if (!userIds.has(r.ownerId))
        ctx.addIssue({ code: 'custom', path: ['resources', i, 'ownerId'], message: `unknown user ${r.ownerId}` });
      if (r.members && !MEMBERSHIP_TYPES.includes(r.type))
        ctx.addIssue({
          code: 'custom',
          path: ['resources', i, 'members'],
          message: `only TEAM and ROUTING_RULE have members`,
        });
      r.members?.forEach((m, j) => {
        if (!userIds.has(m))
          ctx.addIssue({ code: 'custom', path: ['resources', i, 'members', j], message: `unknown user ${m}` });
      });
    });
    account.callLogs.forEach((c, i) => {
      if (!userIds.has(c.userId))
        ctx.addIssue({ code: 'custom', path: ['callLogs', i, 'userId'], message: `unknown user ${c.userId}` });
    });
  });

export const FixtureSchema = z.strictObject({ accounts: z.array(FixtureAccountSchema).min(1) });
export type Fixture = z.infer<typeof FixtureSchema>;
export type FixtureAccount = z.infer<typeof FixtureAccountSchema>;

export class FixtureError extends Error {
  override readonly name = 'FixtureError';
}

/** Parses a fixture; the error lists every problem as `path: message`, one per line. */
export function parseFixture(json: unknown): Fixture {
  const reserved = prototypeKeyPath(json);
  if (reserved)
    throw new FixtureError(
      `The fixture is not valid:\n  ${reserved}: __proto__, constructor and prototype are not accepted as keys`,
    );
  const parsed = FixtureSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new FixtureError(`The fixture is not valid:\n${lines.join('\n')}`);
}
