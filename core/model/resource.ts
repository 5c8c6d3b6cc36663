// Resources a user can own (numbers, call flows, teams, routing rules) and be a member of.
import * as z from 'zod';

export const ResourceTypeSchema = z.enum(['PHONE_NUMBER', 'CALL_FLOW', 'TEAM', 'ROUTING_RULE']);
export type ResourceType = z.infer<typeof ResourceTypeSchema>;
export const RESOURCE_TYPES = ResourceTypeSchema.options;

/** Only teams and routing rules have member rotations (R5). */
export const MEMBERSHIP_TYPES: readonly ResourceType[] = ['TEAM', 'ROUTING_RULE'];

export const ResourceRefSchema = z.object({
  type: ResourceTypeSchema,
  id: z.string().min(1),
  name: z.string(),
});
export type ResourceRef = z.infer<typeof ResourceRefSchema>;

/**
 * A resource as the product shows it. `ownerId` null: a phone number in the account's number pool
 * (unassigned, as a carrier's reserved numbers); every other type always has an owner.
 */
export interface Resource extends ResourceRef {
  accountId: string;
  ownerId: string | null;
  members: string[];
}

/** Only phone numbers may be unassigned (the pool); a flow, team or rule without an owner would be nobody's to fix. */
export const mayBeUnassigned = (type: ResourceType): boolean => type === 'PHONE_NUMBER';

export const resourceKey = (ref: { type: ResourceType; id: string }): string => `${ref.type}#${ref.id}`;

/** The rotations a user is in, from its `memberOf` (User.memberOf: resourceKey → name). */
export const rotationsOf = (user: { memberOf?: Record<string, string> | undefined } | undefined): ResourceRef[] =>
  Object.entries(user?.memberOf ?? {})
    .map(([key, name]) => {
      const [type, ...id] = key.split('#');
      return { type: ResourceTypeSchema.parse(type), id: id.join('#'), name };
    })
    .sort((a, b) => resourceKey(a).localeCompare(resourceKey(b)));

/** A phone number's name is its number in international form, optionally followed by a label. */
export const isPhoneNumberName = (name: string): boolean => /^\+[1-9][0-9 ()-]{5,}/.test(name);
