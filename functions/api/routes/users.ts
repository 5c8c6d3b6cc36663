// Users: who am I, the account's users (never REMOVED ones), one user, invite a user, change one.
import { NotFoundError } from '#core/errors.ts';
import { addUser } from '#core/users/add-user.ts';
import { updateUser } from '#core/users/update-user.ts';
import { userView } from '#core/users/user-view.ts';
import { resendInvitation } from '#core/users/resend-invitation.ts';
import { defineRoute, ok } from '../route.ts';
import * as s from '../schemas.ts';

export const getMe = defineRoute({
  method: 'GET',
  path: '/v1/me',
  operationId: 'getMe',
  summary: 'The signed-in user',
  params: s.NoQuery,
  query: s.NoQuery,
  success: { status: 200, description: 'The caller', schema: s.MeResponse },
  problems: [],
  handle: async ({ caller }) => ok({ ...userView(caller), accountId: caller.accountId }),
});

export const listUsers = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/users',
  operationId: 'listUsers',
  summary:
    "The account's users by name, a page at a time; `q`: those whose name or email starts with it. Removed users are never listed",
  params: s.AccountPath,
  query: s.UsersQuery,
  success: { status: 200, description: 'Users', schema: s.UsersResponse },
  problems: [],
  handle: async ({ params, query, deps }) => {
    const page = await deps.users.listUsers(
      params.accountId,
      { q: query.q, status: query.status },
      query.limit,
      query.cursor,
    );
    return ok({ users: page.users.map(userView), nextCursor: page.nextCursor });
  },
});

export const getUser = defineRoute({
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}',
  operationId: 'getUser',
  summary: 'One user; 404 once removed',
  params: s.UserPath,
  query: s.NoQuery,
  success: { status: 200, description: 'The user', schema: s.UserResponse },
  problems: ['NOT_FOUND'],
  handle: async ({ params, deps }) => {
    const user = await deps.users.getUser(params.accountId, params.userId);
    if (!user || user.status === 'REMOVED') throw new NotFoundError('No such user in this account');
    return ok(userView(user));
  },
});

export const createUser = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/users',
  operationId: 'addUser',
  summary: 'Invite a user (a new userId, even for a previously removed email)',
  params: s.AccountPath,
  query: s.NoQuery,
  body: s.AddUserBody,
  success: { status: 201, description: 'The new user', schema: s.UserResponse },
  problems: ['NOT_ALLOWED', 'SEAT_LIMIT_REACHED', 'EMAIL_IN_USE'],
  handle: async ({ params, body, caller, deps }) => {
    const user = await addUser(deps, caller, body);
    return ok(user, 201, { location: `/v1/accounts/${params.accountId}/users/${user.userId}` });
  },
});

export const patchUser = defineRoute({
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/users/{userId}',
  operationId: 'updateUser',
  summary:
    "Admins: change a user's role (ADMIN or MEMBER; the owner's only by transfer; never your own) or display name",
  params: s.UserPath,
  query: s.NoQuery,
  body: s.UpdateUserBody,
  success: { status: 200, description: 'The user as changed', schema: s.UserResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND', 'CANNOT_CHANGE_OWN_ROLE', 'OWNER_MUST_TRANSFER', 'REMOVAL_IN_PROGRESS'],
  handle: async ({ params, body, caller, deps }) => ok(await updateUser(deps, caller, params.userId, body)),
});

export const postInvitation = defineRoute({
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/invitation',
  operationId: 'resendInvitation',
  summary:
    'Send the invitation email again, with a new temporary password (the first expires after 7 days); for an ACTIVE user who has not signed in yet',
  params: s.UserPath,
  query: s.NoQuery,
  success: { status: 202, description: 'The invitation is on its way', schema: s.InvitationResponse },
  problems: ['NOT_ALLOWED', 'NOT_FOUND', 'INVITATION_NOT_POSSIBLE'],
  handle: async ({ params, caller, deps, identities }) =>
    ok(await resendInvitation({ ...deps, identities: identities() }, caller, params.userId), 202),
});
