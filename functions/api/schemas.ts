// The HTTP contract's shapes (docs/api.md), as zod schemas: requests are parsed with them and the
// OpenAPI document is generated from them. Strict objects: unknown fields are refused.
import * as z from 'zod';
import {
  IdSchema,
  ActorSchema,
  ReassignmentRequestSchema,
  RemovalStatusSchema,
  ResourceRefSchema,
  ResourceTypeSchema,
  RoleSchema,
  UserStatusSchema,
} from '#core/model/index.ts';
import { TOKEN_KINDS } from '#core/tokens/token-kinds.ts';

export const Id = IdSchema;

/** `Idempotency-Key`: 1–200 characters of letters, digits and . _ : - (docs/api.md, input limits). */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

// ── path and query ──────────────────────────────────────────────────────────────────────────
export const AccountPath = z.strictObject({ accountId: Id });
export const UserPath = z.strictObject({ accountId: Id, userId: Id });
export const RemovalPath = z.strictObject({ accountId: Id, removalId: Id });
export const NoQuery = z.strictObject({});
/** A page of a list: `limit` (default 50, at most 200) and the `cursor` the previous page handed out. */
const CURSOR_TEXT =
  'The nextCursor of the previous page of this same list (opaque; refused for another list or account). Absent: the first page.';
/** What every page answers about the next one. */
const NextCursor = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.');
const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items in a page (1–200, default 50).'),
  cursor: z.string().min(1).max(2000).optional().describe(CURSOR_TEXT),
};
/** A search's `q`: the case-insensitive start of a name (what it matches, in the description). */
const SearchPrefix = (description: string) => z.string().trim().min(1).max(100).optional().describe(description);
export const UsersQuery = z.strictObject({
  q: SearchPrefix('A case-insensitive prefix of the display name or the email; each user once.'),
  status: z
    .enum(['ACTIVE', 'INACTIVE', 'REMOVING'])
    .optional()
    .describe('Only users of this status (default: all but REMOVED, which no list shows).'),
  ...Paging,
});
export const RemovalsQuery = z.strictObject({
  status: RemovalStatusSchema.optional().describe('Only removals of this status; newest first either way.'),
  ...Paging,
});
export const ResourcesQuery = z
  .strictObject({
    type: ResourceTypeSchema.optional().describe('Only resources of this type.'),
    q: SearchPrefix('A case-insensitive prefix of the name, with a type (and no owner or member): by name.'),
    ownerId: z
      .union([z.literal('none'), Id])
      .optional()
      .describe("A user's resources, or `none`: the account's unassigned numbers (the number pool)."),
    memberId: Id.optional().describe('The teams and routing rules this user is a member of.'),
    ...Paging,
  })
  .superRefine((query, ctx) => {
    if (query.q === undefined) return;
    if (query.type === undefined)
      ctx.addIssue({ code: 'custom', path: ['q'], message: 'a search by name needs a type' });
    for (const other of ['ownerId', 'memberId'] as const)
      if (query[other] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [other],
          message: 'a search by name cannot also filter by owner or member',
        });
  });
export type ResourceTypeName = z.infer<typeof ResourceTypeSchema>;
export const ResourcePath = z.strictObject({ accountId: Id, resourceType: ResourceTypeSchema, resourceId: Id });
export const MemberPath = ResourcePath.extend({ userId: Id });
export const CallLogsQuery = z.strictObject({
  userId: Id.optional().describe("One user's calls (from the user's own index partition); newest first."),
  ...Paging,
});
const IsoTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());
export const AuditLogQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .describe('Entries in a page (1–100, default 50); a CSV export takes up to 10,000 a response.'),
  cursor: Paging.cursor,
  action: z
    .string()
    .regex(/^[A-Z_]{1,60}$/)
    .optional()
    .describe('Only this action, e.g. USER_REMOVED or RESOURCE_REASSIGNED.'),
  actorId: Id.optional().describe('Only what this actor did: a userId, an HR token, a SCIM token id.'),
  targetUserId: Id.optional().describe('Only what was done to this user.'),
  from: IsoTime.optional().describe('Entries at or after this time (ISO 8601).'),
  to: IsoTime.optional().describe('Entries at or before this time (ISO 8601).'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: a spreadsheet of the entries, names beside ids.'),
});

// ── bodies ──────────────────────────────────────────────────────────────────────────────────
export const AddUserBody = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(['ADMIN', 'MEMBER']),
});
/** Per-resource targets: each resource at most once (two targets for one resource is a contradiction, not "last wins"). */
const Reassignments = z
  .array(ReassignmentRequestSchema)
  .max(1000)
  .superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const key = `${item.resourceType}#${item.resourceId}`;
      const first = seen.get(key);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `${item.resourceType} ${item.resourceId} is already reassigned at reassignments.${first}`,
        });
      else seen.set(key, i);
    });
  });
export const RemovalBody = z.strictObject({
  confirm: z.boolean().optional(),
  reassignTo: Id.optional(),
  reassignments: Reassignments.optional(),
  effectiveAt: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().max(500).optional(),
});
const BulkUserIds = z
  .array(Id)
  .min(1)
  .max(1000)
  .refine((ids) => new Set(ids).size === ids.length, 'each user once')
  .describe('The users to remove (1–1,000, each once).');
export const BulkPreviewBody = z.strictObject({
  userIds: BulkUserIds,
  reassignTo: Id.optional(),
  reassignments: Reassignments.optional(),
});
export const BulkRemovalBody = z.strictObject({
  userIds: BulkUserIds,
  confirm: z.boolean().optional(),
  confirmationText: z.string().max(40).optional().describe('Exactly "REMOVE <n> USERS", n the number of users.'),
  reassignTo: Id.optional(),
  reassignments: Reassignments.optional(),
  perUser: z
    .array(z.strictObject({ userId: Id, reassignTo: Id.optional(), reassignments: Reassignments.optional() }))
    .max(1000)
    .optional()
    .describe("A user's own targets, instead of the bulk's."),
  effectiveAt: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().max(500).optional(),
});
export const BulkRemovalPath = z.strictObject({ accountId: Id, bulkRemovalId: Id });
export const BulkRemovalQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Users in a page (1–200, default 50).'),
  offset: z.coerce.number().int().min(0).max(1000).default(0).describe("Where the page starts in the bulk's users."),
});
export const BulkRemovalsQuery = z.strictObject({ ...Paging });
const Problem = z.object({ code: z.string(), message: z.string() });
export const BulkPreviewResponse = z.object({
  total: z.number(),
  removable: z.number(),
  users: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string().nullable(),
      canRemove: z.boolean(),
      blockers: z.array(Problem),
      ownedResources: z.number(),
      lastMemberOf: z.array(z.object({ type: z.string(), id: z.string(), name: z.string() })),
    }),
  ),
  crossDependencies: z.array(Problem.extend({ userIds: z.array(z.string()) })),
  confirmationText: z.string(),
});
export const BulkRemovalAcceptedResponse = z.object({
  bulkRemovalId: z.string(),
  total: z.number(),
  refused: z.number().describe('Users whose removal the checks refused: listed with the reason in the status.'),
  statusUrl: z.string(),
});
const BulkSummary = z.object({
  bulkRemovalId: z.string(),
  requestedBy: ActorSchema,
  requestedAt: z.string(),
  reason: z.string().nullable(),
});
export const BulkRemovalResponse = BulkSummary.extend({
  status: z.enum(['RUNNING', 'COMPLETED']),
  total: z.number(),
  counts: z.object({
    completed: z.number(),
    running: z.number(),
    scheduled: z.number(),
    failed: z.number(),
    cancelled: z.number(),
    refused: z.number(),
  }),
  items: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string().nullable(),
      removalId: z.string().nullable(),
      status: z.string(),
      failure: Problem.nullable(),
    }),
  ),
  nextOffset: z.number().nullable(),
});
export const BulkRemovalsResponse = z.object({ bulkRemovals: z.array(BulkSummary), nextCursor: NextCursor });
export const DecisionBody = z.strictObject({
  reassignTo: Id.optional(),
  reassignments: Reassignments.optional(),
});
export const OwnershipTransferBody = z.strictObject({ newOwnerId: Id });
const ResourceName = z.string().trim().min(1).max(200);
export const CreateResourceBody = z.strictObject({
  type: ResourceTypeSchema,
  /** A phone number's name starts with its number in international form (+1 555 0100 Support). */
  name: ResourceName,
  /** `null`: an unassigned number (the number pool); other types always have an owner. */
  ownerId: Id.nullable(),
  members: z.array(Id).max(90).optional(),
});
export const UpdateResourceBody = z
  .strictObject({ name: ResourceName.optional(), ownerId: Id.nullable().optional() })
  .refine((body) => body.name !== undefined || body.ownerId !== undefined, 'name name, ownerId or both');
/** What an admin may change of a user: the role (the owner's only by transfer) and the display name. */
export const UpdateUserBody = z
  .strictObject({
    role: z.enum(['ADMIN', 'MEMBER']).optional(),
    displayName: z.string().trim().min(1).max(200).optional(),
  })
  .refine((body) => body.role !== undefined || body.displayName !== undefined, 'name role, displayName or both');
const TokenName = z.string().trim().min(1).max(100);
/** An API token may say when it ends (default 90 days, at most a year); SCIM and HR tokens last until revoked. */
export const ApiTokenBody = z.strictObject({ name: TokenName, expiresAt: z.iso.datetime({ offset: true }).optional() });
export const AccountTokenBody = z.strictObject({ name: TokenName });
export const TokenPath = z.strictObject({ accountId: Id, tokenId: z.uuid() });

// ── responses ───────────────────────────────────────────────────────────────────────────────
export const UserResponse = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: RoleSchema,
  status: UserStatusSchema,
  /** How many numbers, call flows, teams and routing rules the user owns. */
  ownedCount: z.number().int(),
});
export const MeResponse = UserResponse.extend({ accountId: z.string() });
export const UsersResponse = z.object({ users: z.array(UserResponse), nextCursor: NextCursor });
export const RemovalPreviewResponse = z.object({
  userId: z.string(),
  canRemove: z.boolean(),
  blockers: z.array(z.object({ code: z.string(), message: z.string() })),
  ownedResources: z.array(ResourceRefSchema),
  memberships: z.array(ResourceRefSchema.extend({ lastActiveMember: z.boolean() })),
  seat: z.object({ released: z.boolean(), billingEffectiveOn: z.string().nullable() }),
  integrationTokens: z.array(z.object({ kind: z.enum(TOKEN_KINDS), tokenId: z.string(), name: z.string() })),
  confirmationText: z.string(),
});
export const RemovalAcceptedResponse = z.object({
  removalId: z.string(),
  /** RUNNING or SCHEDULED; a replayed Idempotency-Key answers the removal's current status. */
  status: RemovalStatusSchema,
  statusUrl: z.string(),
});
const ReassignmentResponse = z.object({
  resourceType: ResourceTypeSchema,
  resourceId: z.string(),
  fromUserId: z.string(),
  /** null: a phone number sent to the account's number pool. */
  toUserId: z.string().nullable(),
});
export const RemovalSummaryResponse = z.object({
  removalId: z.string(),
  userId: z.string(),
  userDisplayName: z.string().nullable(),
  status: RemovalStatusSchema,
  step: z.string(),
  requestedBy: ActorSchema,
  effectiveAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export const RemovalResponse = RemovalSummaryResponse.extend({ reassignments: z.array(ReassignmentResponse) });
export const RemovalsResponse = z.object({
  removals: z.array(RemovalSummaryResponse),
  nextCursor: NextCursor,
});
export const CancelledResponse = z.object({ removalId: z.string(), status: z.literal('CANCELLED') });
export const UserStatusResponse = z.object({ userId: z.string(), status: z.enum(['ACTIVE', 'INACTIVE']) });
export const InvitationResponse = z.object({
  userId: z.string(),
  email: z.string().describe('Where the invitation went'),
  sentAt: z.string().describe('ISO 8601'),
});
export const OwnershipResponse = z.object({ ownerId: z.string() });
export const ResourceResponse = ResourceRefSchema.extend({
  /** null: an unassigned number in the account's pool. */
  ownerId: z.string().nullable(),
  members: z.array(z.string()),
});
export const ResourcesResponse = z.object({ resources: z.array(ResourceResponse), nextCursor: NextCursor });
export const CallLogsResponse = z.object({
  calls: z.array(
    z.object({
      callId: z.string(),
      at: z.string(),
      userId: z.string(),
      userDisplayName: z.string(),
      durationSeconds: z.number(),
      direction: z.enum(['INBOUND', 'OUTBOUND']).nullable(),
      /** The other party's number, as the platform reported it. */
      number: z.string().nullable(),
    }),
  ),
  nextCursor: NextCursor,
});
export const AuditLogResponse = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actor: ActorSchema.extend({
        displayName: z.string().nullable().describe("A user actor's name (removed users keep theirs)."),
      }),
      action: z.string(),
      targetUserId: z.string().nullable(),
      targetDisplayName: z.string().nullable().describe("The target user's name, beside its id."),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  nextCursor: NextCursor,
});
const EvidenceNamed = z.object({ userId: z.string().nullable(), displayName: z.string().nullable() });
export const RemovalEvidenceResponse = z.object({
  evidenceVersion: z.number(),
  generatedAt: z.string(),
  accountId: z.string(),
  removal: z.object({
    removalId: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    requestedBy: ActorSchema.extend({ displayName: z.string().nullable() }),
    requestedAt: z.string(),
    confirmedAt: z.string(),
    effectiveAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
  user: EvidenceNamed.extend({ userId: z.string() }),
  accessEnded: z.object({ at: z.string().nullable(), how: z.array(z.string()) }),
  handedOver: z.array(
    z.object({
      resourceType: z.string(),
      resourceId: z.string(),
      name: z.string(),
      from: EvidenceNamed,
      to: EvidenceNamed.describe('userId null: the account’s number pool'),
      batch: z.string(),
    }),
  ),
  rotationsLeft: z.array(
    z.object({
      resourceType: z.string(),
      resourceId: z.string(),
      name: z.string(),
      replacedBy: EvidenceNamed.nullable(),
      batch: z.string(),
    }),
  ),
  seat: z.object({ released: z.boolean(), billingEffectiveOn: z.string().nullable() }).nullable(),
  events: z.array(z.object({ detailType: z.string(), at: z.string().nullable() })),
  audit: z.array(z.record(z.string(), z.unknown())).describe('Its audit entries, oldest first'),
  digest: z.object({
    algorithm: z.literal('SHA-256'),
    links: z.array(z.object({ entryId: z.string(), hash: z.string() })),
    head: z.string(),
  }),
  documentDigest: z.string().describe('SHA-256 of the canonical JSON of everything else'),
});
export const SeatsResponse = z.object({
  plan: z.string(),
  limit: z.number().nullable(),
  used: z.number(),
  /** Seats billed this cycle: released seats stay billed until the next cycle starts. */
  billed: z.number(),
  available: z.number().nullable(),
  pendingAdjustments: z.array(z.object({ effectiveOn: z.string(), seats: z.number(), removalId: z.string() })),
});
export const TokenCreatedResponse = z.object({
  tokenId: z.string(),
  token: z.string(),
  /** API tokens: when it ends; SCIM and HR tokens: null (until revoked). */
  expiresAt: z.string().nullable(),
});
export const TokensResponse = z.object({
  tokens: z.array(
    z.object({
      kind: z.enum(TOKEN_KINDS),
      tokenId: z.string(),
      name: z.string(),
      status: z.enum(['ACTIVE', 'REVOKED']),
      createdAt: z.string(),
      createdBy: z.string(),
      expiresAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
});
export const NoContentResponse = z.undefined();
export const ProblemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
});
