// What every event of this service shares: its source, a detail-type, a version and a zod schema
// of its detail (the JSON Schema published for integrators is generated from it).
import type * as z from 'zod';

export const EVENT_SOURCE = 'offboard.users';

export interface EventDefinition<S extends z.ZodType> {
  source: typeof EVENT_SOURCE;
  detailType: string;
  version: number;
  schema: S;
  parse(detail: unknown): z.infer<S>;
}

export const defineEvent = <S extends z.ZodType>(detailType: string, schema: S, version = 1): EventDefinition<S> => ({
  source: EVENT_SOURCE,
  detailType,
  version,
  schema,
  parse: (detail) => schema.parse(detail),
});
