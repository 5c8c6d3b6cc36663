// POST /Users/.search (RFC 7644 §3.4.3): the query of GET /Users in a SearchRequest body, for
// filters too long or too private for a URL. The same answer as the GET with the same parameters.
import * as z from 'zod';
import { parseScimBody } from './scim-body.ts';

export const SCIM_SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

const pathList = z
  .union([z.string(), z.array(z.string()).max(50)])
  .transform((v) => (Array.isArray(v) ? v.join(',') : v));

const SearchRequestSchema = z
  .object({
    schemas: z.array(z.string()).refine((s) => s.includes(SCIM_SEARCH_SCHEMA), `must list ${SCIM_SEARCH_SCHEMA}`),
    filter: z.string().max(4096).optional(),
    attributes: pathList.optional(),
    excludedAttributes: pathList.optional(),
    startIndex: z.number().int().optional(),
    count: z.number().int().optional(),
    sortBy: z.string().max(200).optional(),
    sortOrder: z.enum(['ascending', 'descending']).optional(),
  })
  .loose();

export type SearchRequest = z.infer<typeof SearchRequestSchema>;

export const searchRequestOf = (body: unknown): SearchRequest =>
  parseScimBody(SearchRequestSchema, body, 'SearchRequest', 'invalidSyntax');
