// The OpenAPI document as committed to docs/openapi.json: generated, formatted, one place.
import { fileURLToPath } from 'node:url';
import { buildOpenApi } from './openapi.ts';
import { ROUTES } from './routes/index.ts';
import { withHrWebhook } from '../hr/webhook/openapi.ts';

export const OPENAPI_PATH = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

export const openApiDocument = (): string => `${JSON.stringify(withHrWebhook(buildOpenApi(ROUTES)), null, 2)}\n`;
