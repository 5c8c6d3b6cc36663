// Manage → Users: the account's users a page at a time, searched by name or email and filtered by
// status on the server, with how much each owns; a row menu with the actions the
// signed-in admin may take (R1–R3, the same rule the API enforces), the removal dialog, and the
// progress of a removal just confirmed.
import { useState } from 'react';
import { Link } from 'wouter';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserRow } from '../api.ts';
import { Pager, useDebounced, usePagedList } from '../components/paging.tsx';
import { useActiveUsers } from '../users.ts';
import { useSignedIn } from '../console.ts';
import { titleCase } from '../labels.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RowMenu, type MenuAction } from '../components/RowMenu.tsx';
import { RemoveDialog } from './RemoveDialog.tsx';
import { ChangeRoleDialog } from './ChangeRoleDialog.tsx';
import { InviteUserDialog } from './InviteUserDialog.tsx';
import { RemovalProgress } from './RemovalProgress.tsx';
import { mayManage } from '../may-manage.ts';

type StatusFilter = '' | 'ACTIVE' | 'INACTIVE' | 'REMOVING';

export function UsersPage() {
  const { api, account, me, isAdmin } = useSignedIn();
  const queries = useQueryClient();
  const [status, setStatus] = useState<StatusFilter>('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [removing, setRemoving] = useState<UserRow | null>(null);
  const [changingRole, setChangingRole] = useState<UserRow | null>(null);
  const [inviting, setInviting] = useState(false);
  const [progress, setProgress] = useState<{ removalId: string; user: UserRow; owned: number } | null>(null);

  // A page at a time, searched and filtered by the server: the same cost in any account's size.
  const filter = new URLSearchParams({ ...(status ? { status } : {}), ...(q ? { q } : {}) }).toString();
  const users = usePagedList<UserRow>(api, `${account}/users${filter ? `?${filter}` : ''}`, 'users', {
    refetchInterval: 5_000,
  });
  const activeUsers = useActiveUsers(api, account);
  const changeStatus = useMutation({
    mutationFn: ({ user, to }: { user: UserRow; to: 'deactivate' | 'activate' }) =>
      api.post(`${account}/users/${encodeURIComponent(user.userId)}/${to}`),
    onSettled: () => queries.invalidateQueries({ queryKey: ['users'] }),
  });

  const actionsFor = (user: UserRow): MenuAction[] => {
    if (!isAdmin || user.status === 'REMOVING' || user.userId === me.userId) return [];
    // The owner is the user whose role says so (a row shows its role): R2.
    const ownerId = user.role === 'OWNER' ? user.userId : undefined;
    const allowed = (action: 'deactivate' | 'activate') => mayManage(me, user, ownerId, action);
    return [
      ...(user.status === 'ACTIVE' && allowed('deactivate')
        ? [{ label: 'Deactivate', onSelect: () => changeStatus.mutate({ user, to: 'deactivate' }) }]
        : []),
      ...(user.status === 'INACTIVE' && allowed('activate')
        ? [{ label: 'Activate', onSelect: () => changeStatus.mutate({ user, to: 'activate' }) }]
        : []),
      // Shown for the owner too: the dialog says why not yet, and links to the transfer.
      { label: 'Remove', onSelect: () => setRemoving(user) },
      // The owner's role changes only by transfer (R2); one's own never (the row has no menu then).
      ...(user.role !== 'OWNER' ? [{ label: 'Change role', onSelect: () => setChangingRole(user) }] : []),
    ];
  };

  return (
    <>
      <h1>Users</h1>
      {isAdmin && (
        <button type="button" onClick={() => setInviting(true)}>
          Invite user
        </button>
      )}
      {me.role === 'OWNER' && (
        <p>
          You own this account. To leave it, first <a href="#/ownership">transfer ownership</a>.
        </p>
      )}
      <label className="inline">
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
          <option value="">All</option>
          <option value="ACTIVE">Active</option>
          <option value="INACTIVE">Inactive</option>
          <option value="REMOVING">Removing</option>
        </select>
      </label>
      <label className="inline">
        Search users{' '}
        <input type="search" value={search} placeholder="Name or email" onChange={(e) => setSearch(e.target.value)} />
      </label>
      <ProblemAlert error={changeStatus.error ?? users.error} />
      {progress && (
        <RemovalProgress
          removalId={progress.removalId}
          user={progress.user}
          owned={progress.owned}
          onDismiss={() => setProgress(null)}
        />
      )}
      <table>
        <caption className="visually-hidden">Users of the account</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Owns</th>
            {isAdmin && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {users.items?.map((user) => (
            <tr key={user.userId}>
              <th scope="row">{user.displayName}</th>
              <td>{user.email}</td>
              <td>{titleCase(user.role)}</td>
              <td>{titleCase(user.status)}</td>
              <td>
                <OwnsLink userId={user.userId} owned={user.ownedCount} />
              </td>
              {isAdmin && (
                <td>
                  <RowMenu name={user.displayName} actions={actionsFor(user)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {users.items && users.items.length === 0 && <p>{q || status ? 'No user matches.' : 'No users yet.'}</p>}
      <Pager list={users} label="Users" />
      {inviting && <InviteUserDialog onClose={() => setInviting(false)} />}
      {changingRole && <ChangeRoleDialog user={changingRole} onClose={() => setChangingRole(null)} />}
      {removing && (
        <RemoveDialog
          user={removing}
          users={activeUsers.data ?? []}
          onClose={() => setRemoving(null)}
          onAccepted={(removalId, owned) => {
            setProgress({ removalId, user: removing, owned });
            setRemoving(null);
          }}
        />
      )}
    </>
  );
}

/** How much a user owns, linked to the list of it. */
function OwnsLink({ userId, owned }: { userId: string; owned: number }) {
  if (owned === 0) return <>—</>;
  return (
    <Link href={`/users/${encodeURIComponent(userId)}/resources`}>
      {owned} {owned === 1 ? 'resource' : 'resources'}
    </Link>
  );
}
