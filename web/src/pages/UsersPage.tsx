// Manage → Users: the account's users with what each owns; a row menu with the actions the
// signed-in admin may take (R1–R3, the same rule the API enforces), the removal dialog, and the
// progress of a removal just confirmed.
import { useState } from 'react';
import { Link } from 'wouter';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, type UserRow } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { RESOURCE_TYPE, titleCase } from '../labels.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RowMenu, type MenuAction } from '../components/RowMenu.tsx';
import { RemoveDialog } from './RemoveDialog.tsx';
import { ChangeRoleDialog } from './ChangeRoleDialog.tsx';
import { InviteUserDialog } from './InviteUserDialog.tsx';
import { RemovalProgress } from './RemovalProgress.tsx';
import { mayManage } from '../may-manage.ts';
import type { ResourceRef } from '../../../core/model/index.ts';

type StatusFilter = '' | 'ACTIVE' | 'INACTIVE';

export function UsersPage() {
  const { api, account, me, isAdmin } = useSignedIn();
  const queries = useQueryClient();
  const [status, setStatus] = useState<StatusFilter>('');
  const [removing, setRemoving] = useState<UserRow | null>(null);
  const [changingRole, setChangingRole] = useState<UserRow | null>(null);
  const [inviting, setInviting] = useState(false);
  const [progress, setProgress] = useState<{ removalId: string; user: UserRow; owned: number } | null>(null);

  const users = useQuery({
    queryKey: ['users', status],
    queryFn: () => api.get<{ users: UserRow[] }>(`${account}/users${status ? `?status=${status}` : ''}`),
    refetchInterval: 5_000,
  });
  const resources = useQuery({
    queryKey: ['resources'],
    // Every page, for now: the Users page pages on the server with the account-scale work.
    queryFn: async () => ({
      resources: await allPages<ResourceRef & { ownerId: string | null }>(api, `${account}/resources`, 'resources'),
    }),
    refetchInterval: 5_000,
  });
  const changeStatus = useMutation({
    mutationFn: ({ user, to }: { user: UserRow; to: 'deactivate' | 'activate' }) =>
      api.post(`${account}/users/${encodeURIComponent(user.userId)}/${to}`),
    onSettled: () => queries.invalidateQueries({ queryKey: ['users'] }),
  });

  const ownerId = users.data?.users.find((u) => u.role === 'OWNER')?.userId;
  const ownedBy = (userId: string) => resources.data?.resources.filter((r) => r.ownerId === userId) ?? [];
  const actionsFor = (user: UserRow): MenuAction[] => {
    if (!isAdmin || user.status === 'REMOVING' || user.userId === me.userId) return [];
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
        </select>
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
          {users.data?.users.map((user) => (
            <tr key={user.userId}>
              <th scope="row">{user.displayName}</th>
              <td>{user.email}</td>
              <td>{titleCase(user.role)}</td>
              <td>{titleCase(user.status)}</td>
              <td>
                <OwnsLink userId={user.userId} owned={ownedBy(user.userId)} />
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
      {inviting && <InviteUserDialog onClose={() => setInviting(false)} />}
      {changingRole && <ChangeRoleDialog user={changingRole} onClose={() => setChangingRole(null)} />}
      {removing && (
        <RemoveDialog
          user={removing}
          users={users.data?.users ?? []}
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

/** What a user owns, linked to the list of it. */
function OwnsLink({ userId, owned }: { userId: string; owned: ResourceRef[] }) {
  if (owned.length === 0) return <>—</>;
  return <Link href={`/users/${encodeURIComponent(userId)}/resources`}>{ownsText(owned)}</Link>;
}

function ownsText(owned: ResourceRef[]): string {
  if (owned.length === 0) return '—';
  const counts = new Map<ResourceRef['type'], number>();
  for (const r of owned) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  // In the order of RESOURCE_TYPE (numbers first), whatever order the list came in.
  return (Object.keys(RESOURCE_TYPE) as ResourceRef['type'][])
    .flatMap((type) => (counts.has(type) ? [[type, counts.get(type) as number] as const] : []))
    .map(([type, n]) => `${n} ${n === 1 ? RESOURCE_TYPE[type].one : RESOURCE_TYPE[type].many}`)
    .join(', ');
}
