// The JSON Schema published for each event (draft-04, which the EventBridge Schema Registry
// accepts): the whole envelope, with the detail generated from the event's zod schema.
import * as z from 'zod';
import type { EventDefinition } from './envelope.ts';

export function eventJsonSchema(event: EventDefinition<z.ZodType>): Record<string, unknown> {
  const { $schema: _, ...detail } = z.toJSONSchema(event.schema, { target: 'draft-4', io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: `${event.detailType} v${event.version}`,
    description: `EventBridge event from ${event.source}, detail-type ${event.detailType}`,
    type: 'object',
    required: ['id', 'source', 'detail-type', 'time', 'account', 'region', 'resources', 'detail'],
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      source: { type: 'string', enum: [event.source] },
      'detail-type': { type: 'string', enum: [event.detailType] },
      time: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail,
    },
  };
}

export const eventSchemaFileName = (event: EventDefinition<z.ZodType>) =>
  `${event.detailType}.v${event.version}.schema.json`;
