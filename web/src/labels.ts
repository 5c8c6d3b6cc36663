// Words the console shows for the API's codes.
import type { ResourceRef } from '../../core/model/index.ts';

export const RESOURCE_TYPE: Record<ResourceRef['type'], { one: string; many: string }> = {
  PHONE_NUMBER: { one: 'number', many: 'numbers' },
  CALL_FLOW: { one: 'call flow', many: 'call flows' },
  TEAM: { one: 'team', many: 'teams' },
  ROUTING_RULE: { one: 'routing rule', many: 'routing rules' },
};

export const resourceLabel = (ref: Pick<ResourceRef, 'type' | 'name'>) =>
  `${RESOURCE_TYPE[ref.type].one} “${ref.name}”`;

export const titleCase = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
