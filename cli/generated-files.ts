// Files generated from code and committed, so integrators can read them without running
// anything: the OpenAPI document and one JSON Schema per event. A test fails when any is stale.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CATALOG } from '#core/events/catalog.ts';
import { eventJsonSchema, eventSchemaFileName } from '#core/events/json-schema.ts';
import { OPENAPI_PATH, openApiDocument } from '#functions/api/openapi-document.ts';

export const EVENT_SCHEMAS_DIR = fileURLToPath(new URL('../docs/events/', import.meta.url));

export interface GeneratedFile {
  path: string;
  content: () => string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const GENERATED_FILES: GeneratedFile[] = [
  { path: OPENAPI_PATH, content: openApiDocument },
  ...EVENT_CATALOG.map((event) => ({
    path: path.join(EVENT_SCHEMAS_DIR, eventSchemaFileName(event)),
    content: () => json(eventJsonSchema(event)),
  })),
];
