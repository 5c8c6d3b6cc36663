// Numbers, call flows, teams and routing rules: list (a page, by type, owner, pool or member), one,
// create, rename or hand over, delete, and a rotation's members. Reads for every user of the
// account; changes for admins and the owner (core/resources/manage-resources.ts).
import {
  addMember,
  createResource,
  deleteResource,
  getResource,
  removeMember,
  resourceView,
  updateResource,
} from '#core/resources/manage-resources.ts';
import { defineRoute, ok } from '../route.ts';
import * as s from '../schemas.ts';

const resourceUrl = (accountId: string, r: { type: string; id: string }) =>
  `/v1/accounts/${accountId}/resources/${r.type}/${r.id}`;
const refOf = (params: { resourceType: s.ResourceTypeName; resourceId: string }) => ({
  type: params.resourceType,
  id: params.resourceId,
});
const CHANGE_PROBLEMS = ['NOT_ALLOWED', 'NOT_FOUND', 'INVALID_OWNER'] as const;

export const listResources = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/resources',
  operationId: 'listResources',
  summary:
    'A page of numbers, call flows, teams and routing rules, with owner and members: by type, by owner (ownerId=none: the number pool), by member, or of a type by the start of the name (q)',
  params: s.AccountPath,
  query: s.ResourcesQuery,
  success: { status: 200, description: 'A page of resources', schema: s.ResourcesResponse },
  problems: [],
  handle: async ({ params, query, deps }) => {
    const ownerId = query.ownerId === 'none' ? null : query.ownerId;
    const page = await deps.views.resources(
      params.accountId,
      { type: query.type, q: query.q, ownerId, memberId: query.memberId },
      query.limit,
      query.cursor,
    );
    return ok({ resources: page.resources.map(resourceView), nextCursor: page.nextCursor });
  },
});

export const postResource = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/resources',
  operationId: 'createResource',
  summary:
    'Admins: a new number (ownerId null: into the pool), call flow, team or routing rule, given to an ACTIVE user',
  params: s.AccountPath,
  query: s.NoQuery,
  body: s.CreateResourceBody,
  success: { status: 201, description: 'The new resource', schema: s.ResourceResponse },
  problems: ['NOT_ALLOWED', 'INVALID_OWNER'],
  handle: async ({ params, body, caller, deps }) => {
    const resource = await createResource(deps, caller, body);
    return ok(resource, 201, { location: resourceUrl(params.accountId, resource) });
  },
});

export const getOneResource = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/resources/{resourceType}/{resourceId}',
  operationId: 'getResource',
  summary: 'One resource with its owner and members',
  params: s.ResourcePath,
  query: s.NoQuery,
  success: { status: 200, description: 'The resource', schema: s.ResourceResponse },
  problems: ['NOT_FOUND'],
  handle: async ({ params, deps }) => ok(resourceView(await getResource(deps, params.accountId, refOf(params)))),
});

export const patchResource = defineRoute({
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/resources/{resourceType}/{resourceId}',
  operationId: 'updateResource',
  summary: 'Admins: rename, or hand over to another ACTIVE user (a number: ownerId null sends it to the pool)',
  params: s.ResourcePath,
  query: s.NoQuery,
  body: s.UpdateResourceBody,
  success: { status: 200, description: 'The resource as changed', schema: s.ResourceResponse },
  problems: [...CHANGE_PROBLEMS],
  handle: async ({ params, body, caller, deps }) => ok(await updateResource(deps, caller, refOf(params), body)),
});

export const deleteOneResource = defineRoute({
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/resources/{resourceType}/{resourceId}',
  operationId: 'deleteResource',
  summary: 'Admins: delete a resource (its owner and members no longer hold it)',
  params: s.ResourcePath,
  query: s.NoQuery,
  success: { status: 204, description: 'Deleted', schema: s.NoContentResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND'],
  handle: async ({ params, caller, deps }) => {
    await deleteResource(deps, caller, refOf(params));
    return ok(undefined, 204);
  },
});

export const putMember = defineRoute({
  method: 'PUT',
  path: '/v1/accounts/{accountId}/resources/{resourceType}/{resourceId}/members/{userId}',
  operationId: 'addMember',
  summary: "Admins: add an ACTIVE user to a team's or routing rule's rotation (already in: unchanged)",
  params: s.MemberPath,
  query: s.NoQuery,
  success: { status: 200, description: 'The rotation', schema: s.ResourceResponse },
  problems: [...CHANGE_PROBLEMS],
  handle: async ({ params, caller, deps }) => ok(await addMember(deps, caller, refOf(params), params.userId)),
});

export const deleteMember = defineRoute({
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/resources/{resourceType}/{resourceId}/members/{userId}',
  operationId: 'removeMember',
  summary: 'Admins: take a user out of a rotation; never its last member who takes calls (R5)',
  params: s.MemberPath,
  query: s.NoQuery,
  success: { status: 200, description: 'The rotation', schema: s.ResourceResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND', 'LAST_ACTIVE_MEMBER'],
  handle: async ({ params, caller, deps }) => ok(await removeMember(deps, caller, refOf(params), params.userId)),
});

export const RESOURCE_ROUTES = [
  listResources,
  postResource,
  getOneResource,
  patchResource,
  deleteOneResource,
  putMember,
  deleteMember,
];
