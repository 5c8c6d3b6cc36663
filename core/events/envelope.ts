// What every event of this service shares: its source, a detail-type, a version and a zod schema
// of its detail (the JSON Schema published for integrators is generated from it).
import * as z from 'zod';

export const EVENT_SOURCE = 'offboard.users';

/**
 * Every detail says when its change happened (ISO-8601 UTC): consumers order by it — EventBridge
 * delivers in no particular order, and a retry or replay may arrive late. Offboard always sets it
 * (the outbox and the workflow's builders require it); the schema lets it be absent so that events
 * archived before it existed still parse on replay (a compatible v1 addition).
 */
const OccurredAt = { occurredAt: z.iso.datetime().optional() };
type WithOccurredAt<S extends z.ZodObject> = z.ZodObject<S['shape'] & typeof OccurredAt>;

export interface EventDefinition<S extends z.ZodType> {
  source: typeof EVENT_SOURCE;
  detailType: string;
  version: number;
  schema: S;
  parse(detail: unknown): z.infer<S>;
}

export const defineEvent = <S extends z.ZodObject>(
  detailType: string,
  schema: S,
  version = 1,
): EventDefinition<WithOccurredAt<S>> => {
  const withTime = schema.extend(OccurredAt) as unknown as WithOccurredAt<S>;
  return { source: EVENT_SOURCE, detailType, version, schema: withTime, parse: (detail) => withTime.parse(detail) };
};
