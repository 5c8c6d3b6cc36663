// The four resource screens: their routes, titles and whether the type has a rotation (R5).
import type { ResourceRef } from '../../../../core/model/index.ts';

export type ResourceType = ResourceRef['type'];

export interface ResourceRow {
  type: ResourceType;
  id: string;
  name: string;
  ownerId: string | null;
  members: string[];
}

export const SCREENS: Record<
  ResourceType,
  { type: ResourceType; path: string; title: string; one: string; rotation: boolean }
> = {
  PHONE_NUMBER: { type: 'PHONE_NUMBER', path: '/numbers', title: 'Numbers', one: 'Number', rotation: false },
  CALL_FLOW: { type: 'CALL_FLOW', path: '/call-flows', title: 'Call flows', one: 'Call flow', rotation: false },
  TEAM: { type: 'TEAM', path: '/teams', title: 'Teams', one: 'Team', rotation: true },
  ROUTING_RULE: {
    type: 'ROUTING_RULE',
    path: '/routing-rules',
    title: 'Routing rules',
    one: 'Routing rule',
    rotation: true,
  },
};

export const resourceUrl = (account: string, r: Pick<ResourceRow, 'type' | 'id'>) =>
  `${account}/resources/${r.type}/${encodeURIComponent(r.id)}`;
