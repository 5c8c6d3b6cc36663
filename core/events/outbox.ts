// An event to publish, recorded in the same transaction as the change it announces (the
// transactional outbox): if the write commits, the event is on its way, even if the process dies
// right after; if it does not, no event claims a change that never happened.
import type * as z from 'zod';
import type { EventDefinition } from './envelope.ts';

export interface OutboxEvent {
  /** Deterministic per change, so a retried write records the same event once. */
  id: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
}

export function outboxEvent<S extends z.ZodType>(
  event: EventDefinition<S>,
  id: string,
  detail: z.infer<S> & { occurredAt: string },
  resources: string[] = [],
): OutboxEvent {
  return {
    id,
    source: event.source,
    detailType: event.detailType,
    detail: event.parse(detail) as Record<string, unknown>,
    resources,
  };
}
