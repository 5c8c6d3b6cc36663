// The SCIM User resource (RFC 7643) as offboard shows a user: id = userId, userName = the email
// (also the primary work email), displayName and name from the display name, active = ACTIVE,
// externalId, and the enterprise extension's manager (a userId). What an identity provider sends
// is read leniently — clients add attributes of their own — and only what offboard keeps is used.
import * as z from 'zod';
import { IdSchema, type ListedUser } from '../model/index.ts';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimUser {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name: { formatted: string; givenName?: string; familyName?: string };
  displayName: string;
  emails: { value: string; type: string; primary: boolean }[];
  active: boolean;
  [SCIM_ENTERPRISE_SCHEMA]?: { manager?: { value: string }; employeeNumber?: string; department?: string };
  meta: { resourceType: 'User'; location: string; version: string; created?: string; lastModified?: string };
}

/** The user's version as a weak ETag: it moves with every change of the user (RFC 7644 §3.14). */
export const scimVersionOf = (user: Pick<ListedUser, 'version'>) => `W/"${user.version}"`;

/** The enterprise extension's attributes offboard keeps, when the user has any. */
function enterpriseOf(user: ListedUser): ScimUser[typeof SCIM_ENTERPRISE_SCHEMA] {
  const extension = {
    ...(user.managerId ? { manager: { value: user.managerId } } : {}),
    ...(user.employeeNumber ? { employeeNumber: user.employeeNumber } : {}),
    ...(user.department ? { department: user.department } : {}),
  };
  return Object.keys(extension).length > 0 ? extension : undefined;
}

/** The user as SCIM shows it; `location` is the resource's URL. */
export function toScimUser(user: ListedUser, location: string): ScimUser {
  const [givenName, ...rest] = user.displayName.split(' ');
  const enterprise = enterpriseOf(user);
  return {
    schemas: [SCIM_USER_SCHEMA, ...(enterprise ? [SCIM_ENTERPRISE_SCHEMA] : [])],
    id: user.userId,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.email,
    name: {
      formatted: user.displayName,
      ...(givenName ? { givenName } : {}),
      ...(rest.length ? { familyName: rest.join(' ') } : {}),
    },
    displayName: user.displayName,
    // The sign-in email first and primary; the others as the identity provider gave them.
    emails: [
      { value: user.email, type: 'work', primary: true },
      ...(user.otherEmails ?? []).map((e) => ({ value: e.value, type: e.type ?? 'other', primary: false })),
    ],
    active: user.status === 'ACTIVE',
    ...(enterprise ? { [SCIM_ENTERPRISE_SCHEMA]: enterprise } : {}),
    meta: {
      resourceType: 'User',
      location,
      version: scimVersionOf(user),
      // Users added before offboard recorded these times have none to tell.
      ...(user.createdAt ? { created: user.createdAt } : {}),
      ...((user.updatedAt ?? user.createdAt) ? { lastModified: (user.updatedAt ?? user.createdAt) as string } : {}),
    },
  };
}

/** SCIM booleans as clients send them: Entra ID sends "True"/"False" strings. */
const ScimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['true', 'false']))
    .transform((s) => s === 'true'),
]);

const ManagerId = z.union([z.literal(''), IdSchema]);

/** What a POST or PUT body may carry that offboard keeps; everything else is ignored. */
export const ScimUserInputSchema = z
  .object({
    userName: z.email().max(254),
    externalId: z.string().max(256).optional(),
    displayName: z.string().trim().min(1).max(200).optional(),
    name: z
      .object({
        formatted: z.string().trim().max(200).optional(),
        givenName: z.string().trim().max(100).optional(),
        familyName: z.string().trim().max(100).optional(),
      })
      .loose()
      .optional(),
    emails: z
      .array(
        z
          .object({
            value: z.string().trim().min(1).max(254),
            type: z.string().max(50).optional(),
            primary: ScimBoolean.optional(),
          })
          .loose(),
      )
      .max(11)
      .optional(),
    active: ScimBoolean.optional(),
    [SCIM_ENTERPRISE_SCHEMA]: z
      .object({
        // The manager's userId, in either shape clients send; an empty value clears it.
        manager: z.union([z.object({ value: ManagerId.optional() }).loose(), ManagerId]).optional(),
        employeeNumber: z.string().trim().max(100).optional(),
        department: z.string().trim().max(200).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type ScimUserInput = z.infer<typeof ScimUserInputSchema>;

/** The display name a SCIM body gives: displayName, else name.formatted, else given + family, else the email. */
export function displayNameOf(input: ScimUserInput): string {
  const fromName = [input.name?.givenName, input.name?.familyName].filter(Boolean).join(' ').trim();
  return (input.displayName ?? input.name?.formatted ?? (fromName || undefined) ?? input.userName).slice(0, 200);
}

/** The manager's userId a SCIM body gives (enterprise extension), if any. */
export function managerIdOf(input: ScimUserInput): string | undefined {
  const manager = input[SCIM_ENTERPRISE_SCHEMA]?.manager;
  const value = typeof manager === 'string' ? manager : manager?.value;
  return value?.trim() || undefined;
}

/** The addresses besides the sign-in email (userName), each once, without regard to case. */
export function otherEmailsOf(input: ScimUserInput): { value: string; type?: string }[] {
  const seen = new Set([input.userName.toLowerCase()]);
  const others: { value: string; type?: string }[] = [];
  for (const email of input.emails ?? []) {
    if (seen.has(email.value.toLowerCase())) continue;
    seen.add(email.value.toLowerCase());
    others.push({ value: email.value, ...(email.type ? { type: email.type } : {}) });
  }
  return others;
}

/** The enterprise extension's employeeNumber and department a SCIM body gives (empty: none). */
export function enterpriseAttributesOf(input: ScimUserInput): { employeeNumber?: string; department?: string } {
  const extension = input[SCIM_ENTERPRISE_SCHEMA];
  return {
    ...(extension?.employeeNumber ? { employeeNumber: extension.employeeNumber } : {}),
    ...(extension?.department ? { department: extension.department } : {}),
  };
}
