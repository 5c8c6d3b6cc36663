// The CRM integration's own rules: a user mapped to a CRM agent (as KYLAS maps users to agents)
// is suspended, restored or unmapped as offboard's events arrive. Delivery is at-least-once and
// unordered, so every change is judged against what was already applied: a removal is final and
// recorded by removalId (duplicates do nothing), and a status change older than the last one
// applied is stale.
export type AgentState = 'ACTIVE' | 'SUSPENDED' | 'UNMAPPED';

export interface AgentMapping {
  accountId: string;
  userId: string;
  crmAgentId: string;
  state: AgentState;
  /** When the change behind `state` happened (the event's own time, not its arrival). */
  stateAt: string;
  removalId?: string;
  version: number;
}

export type CrmChange =
  { kind: 'removed'; removalId: string; at: string } | { kind: 'status'; state: 'ACTIVE' | 'SUSPENDED'; at: string };

/** The mapping after the change, or null when the change must not alter it. */
export function applyChange(mapping: AgentMapping, change: CrmChange): AgentMapping | null {
  if (mapping.state === 'UNMAPPED') return null; // removal is permanent (R9)
  if (change.kind === 'removed') {
    return {
      ...mapping,
      state: 'UNMAPPED',
      stateAt: change.at,
      removalId: change.removalId,
      version: mapping.version + 1,
    };
  }
  if (change.at <= mapping.stateAt) return null; // a duplicate or an older change
  return { ...mapping, state: change.state, stateAt: change.at, version: mapping.version + 1 };
}
