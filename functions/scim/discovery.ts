// The SCIM service's description of itself (RFC 7644 §4): what it supports, its resource types
// (users; groups, which are teams) and the schemas of the attributes it keeps — what Okta and
// Entra ID read when connecting.
import { SCIM_ENTERPRISE_SCHEMA, SCIM_USER_SCHEMA } from '#core/scim/scim-user.ts';
import { SCIM_GROUP_SCHEMA } from '#core/scim/scim-group.ts';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const meta = (base: string, resourceType: string, path: string) => ({ resourceType, location: `${base}${path}` });

export const serviceProviderConfig = (base: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  documentationUri: 'docs/scim.md',
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 200 },
  changePassword: { supported: false },
  // Users by userName or displayName, ascending or descending (docs/scim.md).
  sort: { supported: true },
  // Users carry a version (meta.version, the ETag header) and honour If-Match on PUT and PATCH.
  etag: { supported: true },
  authenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'SCIM token',
      description: 'An account SCIM token (POST /v1/accounts/{accountId}/scim-tokens) as the bearer',
      primary: true,
    },
  ],
  meta: meta(base, 'ServiceProviderConfig', '/ServiceProviderConfig'),
});

const userResourceType = (base: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  schema: SCIM_USER_SCHEMA,
  schemaExtensions: [{ schema: SCIM_ENTERPRISE_SCHEMA, required: false }],
  meta: meta(base, 'ResourceType', '/ResourceTypes/User'),
});

const groupResourceType = (base: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'An offboard team: its members take its calls',
  schema: SCIM_GROUP_SCHEMA,
  meta: meta(base, 'ResourceType', '/ResourceTypes/Group'),
});

export const resourceTypes = (base: string) => ({
  schemas: [LIST],
  totalResults: 2,
  Resources: [userResourceType(base), groupResourceType(base)],
});

const attribute = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

export const schemas = (base: string) => ({
  schemas: [LIST],
  totalResults: 3,
  Resources: [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: SCIM_USER_SCHEMA,
      name: 'User',
      description: 'An offboard user',
      attributes: [
        attribute('id', 'string', { mutability: 'readOnly', uniqueness: 'server', caseExact: true }),
        attribute('userName', 'string', {
          required: true,
          uniqueness: 'server',
          mutability: 'immutable',
          description: 'The email',
        }),
        attribute('externalId', 'string', { caseExact: true }),
        attribute('displayName', 'string'),
        attribute('name', 'complex', {
          subAttributes: ['formatted', 'givenName', 'familyName'].map((n) => attribute(n, 'string')),
        }),
        attribute('emails', 'complex', {
          multiValued: true,
          mutability: 'immutable',
          subAttributes: [attribute('value', 'string'), attribute('type', 'string'), attribute('primary', 'boolean')],
        }),
        attribute('active', 'boolean', {
          description: 'false: deactivated (cannot sign in, keeps seat and resources)',
        }),
      ],
      meta: meta(base, 'Schema', `/Schemas/${SCIM_USER_SCHEMA}`),
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: SCIM_ENTERPRISE_SCHEMA,
      name: 'EnterpriseUser',
      description: 'The manager: who takes over what a removed user owned',
      attributes: [attribute('manager', 'complex', { subAttributes: [attribute('value', 'string')] })],
      meta: meta(base, 'Schema', `/Schemas/${SCIM_ENTERPRISE_SCHEMA}`),
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: SCIM_GROUP_SCHEMA,
      name: 'Group',
      description: 'An offboard team',
      attributes: [
        attribute('id', 'string', { mutability: 'readOnly', uniqueness: 'server', caseExact: true }),
        attribute('displayName', 'string', { required: true, description: "The team's name" }),
        attribute('members', 'complex', {
          multiValued: true,
          description: 'The users who take its calls; the last one who does cannot leave (R5)',
          subAttributes: [
            attribute('value', 'string', { mutability: 'immutable', caseExact: true }),
            attribute('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User'] }),
            attribute('type', 'string', { mutability: 'immutable', canonicalValues: ['User'] }),
          ],
        }),
      ],
      meta: meta(base, 'Schema', `/Schemas/${SCIM_GROUP_SCHEMA}`),
    },
  ],
});
