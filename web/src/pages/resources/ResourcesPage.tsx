// Manage → Numbers, Call flows, Teams, Routing rules: one screen per type — a table with search,
// "New …", and a row menu per resource (Reassign, Members for rotations, Rename, Delete) — or, from
// a user's row on Users, everything that user owns. Changes are for admins (the API's R1); the
// owner pickers offer ACTIVE users only (R12), numbers also the pool.
import { useState } from 'react';
import { Pager, useDebounced, usePagedList } from '../../components/paging.tsx';
import { useActiveUsers, useUserNames } from '../../users.ts';
import { useSignedIn } from '../../console.ts';
import { RESOURCE_TYPE } from '../../labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { RowMenu, type MenuAction } from '../../components/RowMenu.tsx';
import { ResourceFormDialog } from './ResourceFormDialog.tsx';
import { MembersDialog } from './MembersDialog.tsx';
import { DeleteResourceDialog } from './DeleteResourceDialog.tsx';
import { SCREENS, type ResourceRow, type ResourceType } from './resource-screens.ts';

type Open = { dialog: 'new' } | { dialog: 'reassign' | 'rename' | 'members' | 'delete'; resource: ResourceRow } | null;

export function ResourcesPage({ type, ownerId }: { type?: ResourceType; ownerId?: string }) {
  const { api, account, isAdmin } = useSignedIn();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<Open>(null);
  const q = useDebounced(search.trim(), 250);
  // A page at a time from the server: by type (searched by name there, from the by-name index), or
  // by owner from the owner index.
  const query = new URLSearchParams(type ? { type, ...(q ? { q } : {}) } : { ownerId: ownerId ?? '' }).toString();
  const resources = usePagedList<ResourceRow>(api, `${account}/resources?${query}`, 'resources', {
    refetchInterval: 5_000,
  });
  const activeUsers = useActiveUsers(api, account);
  const names = useUserNames(api, account, [
    ownerId,
    ...(resources.items ?? []).flatMap((r) => [r.ownerId, ...r.members]),
  ]);
  const nameOf = (userId: string | null) => (userId === null ? 'Number pool' : names(userId));
  const screen = type ? SCREENS[type] : undefined;
  const title = screen ? screen.title : `Owned by ${ownerId ? names(ownerId) : ''}`;
  // A type's screen is searched by the server; what one user owns (a short list) is filtered here.
  const shown = type
    ? (resources.items ?? [])
    : (resources.items ?? []).filter((r) => r.name.toLowerCase().includes(search.trim().toLowerCase()));
  const rotations = type === undefined || screen?.rotation === true;

  const actionsFor = (resource: ResourceRow): MenuAction[] =>
    isAdmin
      ? [
          { label: 'Reassign', onSelect: () => setOpen({ dialog: 'reassign', resource }) },
          ...(SCREENS[resource.type].rotation
            ? [{ label: 'Members', onSelect: () => setOpen({ dialog: 'members', resource }) }]
            : []),
          { label: 'Rename', onSelect: () => setOpen({ dialog: 'rename', resource }) },
          { label: 'Delete', onSelect: () => setOpen({ dialog: 'delete', resource }) },
        ]
      : [];

  return (
    <>
      <h1>{title}</h1>
      {isAdmin && screen && (
        <button type="button" onClick={() => setOpen({ dialog: 'new' })}>
          New {RESOURCE_TYPE[screen.type].one}
        </button>
      )}
      <label className="inline">
        {type ? 'Search' : 'Filter this page'}{' '}
        <input
          type="search"
          value={search}
          placeholder={type ? 'Start of the name' : undefined}
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      <ProblemAlert error={resources.error} />
      <table aria-label={title}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {!type && <th scope="col">Type</th>}
            <th scope="col">Owner</th>
            {rotations && <th scope="col">Members</th>}
            {isAdmin && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((resource) => (
            <tr key={`${resource.type}#${resource.id}`}>
              <th scope="row">{resource.name}</th>
              {!type && <td>{SCREENS[resource.type].one}</td>}
              <td>{nameOf(resource.ownerId)}</td>
              {rotations && <td>{resource.members.map(nameOf).join(', ') || '—'}</td>}
              {isAdmin && (
                <td>
                  <RowMenu name={resource.name} actions={actionsFor(resource)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {resources.items && shown.length === 0 && (
        <p>
          {search
            ? `Nothing ${type ? 'starts with' : 'matches'} “${search}”.`
            : `No ${screen ? RESOURCE_TYPE[screen.type].many : 'resources'} yet.`}
        </p>
      )}
      <Pager list={resources} label={title} />
      {open?.dialog === 'new' && screen && (
        <ResourceFormDialog
          mode="new"
          type={screen.type}
          users={activeUsers.data ?? []}
          onClose={() => setOpen(null)}
        />
      )}
      {(open?.dialog === 'reassign' || open?.dialog === 'rename') && (
        <ResourceFormDialog
          mode={open.dialog}
          type={open.resource.type}
          resource={open.resource}
          users={activeUsers.data ?? []}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.dialog === 'members' && (
        <MembersDialog
          resource={open.resource}
          users={activeUsers.data ?? []}
          nameOf={names}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.dialog === 'delete' && <DeleteResourceDialog resource={open.resource} onClose={() => setOpen(null)} />}
    </>
  );
}
