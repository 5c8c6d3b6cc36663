// The SCIM Group resource (RFC 7643 §4.2) as offboard shows a team: id = the team's id,
// displayName = its name, members = the users in its rotation (value = userId). What an identity
// provider sends is read leniently; only the name and the members are kept.
import * as z from 'zod';
import type { Resource } from '../model/index.ts';

export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export interface ScimGroup {
  schemas: string[];
  id: string;
  displayName: string;
  members: { value: string; $ref: string; type: 'User' }[];
  meta: { resourceType: 'Group'; location: string };
}

/** The team as SCIM shows it; `base` is the SCIM base URL. */
export const toScimGroup = (team: Pick<Resource, 'id' | 'name' | 'members'>, base: string): ScimGroup => ({
  schemas: [SCIM_GROUP_SCHEMA],
  id: team.id,
  displayName: team.name,
  members: team.members.map((userId) => ({ value: userId, $ref: `${base}/Users/${userId}`, type: 'User' })),
  meta: { resourceType: 'Group', location: `${base}/Groups/${team.id}` },
});

const MemberSchema = z.object({ value: z.string().min(1).max(100) }).loose();
export const GroupMembersSchema = z.array(MemberSchema).max(90);

/** What a POST or PUT body may carry that offboard keeps. */
export const ScimGroupInputSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    members: GroupMembersSchema.optional(),
  })
  .loose();
