// Removals: every removal of the account with its status; an admin cancels a scheduled or waiting
// one, and gives a waiting one the decision it needs (who takes over).
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RemovalSummary, UserRow } from '../api.ts';
import { Pager, usePagedList } from '../components/paging.tsx';
import { useActiveUsers, useUserNames } from '../users.ts';
import { useSignedIn } from '../console.ts';
import { titleCase, when } from '../labels.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function RemovalsPage() {
  const { api, account, isAdmin } = useSignedIn();
  const queries = useQueryClient();
  const removals = usePagedList<RemovalSummary>(api, `${account}/removals`, 'removals', { refetchInterval: 3_000 });
  const activeUsers = useActiveUsers(api, account);
  const cancel = useMutation({
    mutationFn: (removalId: string) => api.delete(`${account}/removals/${encodeURIComponent(removalId)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: ['removals'] }),
  });
  const nameOf = useUserNames(
    api,
    account,
    (removals.items ?? []).flatMap((r) => [
      r.userDisplayName ? null : r.userId,
      r.requestedBy.type === 'USER' ? r.requestedBy.id : null,
    ]),
  );

  return (
    <>
      <h1>Removals</h1>
      <ProblemAlert error={cancel.error ?? removals.error} />
      {removals.items && removals.items.length === 0 && <p>No removals yet.</p>}
      {removals.items && removals.items.length > 0 && (
        <table>
          <caption className="visually-hidden">Removals of the account</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Status</th>
              <th scope="col">Requested by</th>
              <th scope="col">Effective</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              {isAdmin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {removals.items.map((r) => (
              <tr key={r.removalId}>
                <th scope="row">{r.userDisplayName ?? nameOf(r.userId)}</th>
                <td>
                  {titleCase(r.status)}
                  {r.failure && <div className="hint">{r.failure.message}</div>}
                </td>
                <td>{r.requestedBy.type === 'USER' ? nameOf(r.requestedBy.id) : titleCase(r.requestedBy.type)}</td>
                <td>{when(r.effectiveAt)}</td>
                <td>{when(r.startedAt)}</td>
                <td>{when(r.completedAt)}</td>
                {isAdmin && (
                  <td>
                    {(r.status === 'SCHEDULED' || r.status === 'AWAITING_DECISION') && (
                      <button type="button" onClick={() => cancel.mutate(r.removalId)} disabled={cancel.isPending}>
                        Cancel removal
                      </button>
                    )}
                    {r.status === 'AWAITING_DECISION' && (
                      <DecideForm
                        removal={r}
                        users={activeUsers.data ?? []}
                        name={r.userDisplayName ?? nameOf(r.userId)}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager list={removals} label="Removals" />
    </>
  );
}

function DecideForm({ removal, users, name }: { removal: RemovalSummary; users: UserRow[]; name: string }) {
  const { api, account } = useSignedIn();
  const queries = useQueryClient();
  const [reassignTo, setReassignTo] = useState('');
  const decide = useMutation({
    mutationFn: () => api.post(`${account}/removals/${encodeURIComponent(removal.removalId)}/decision`, { reassignTo }),
    onSettled: () => queries.invalidateQueries({ queryKey: ['removals'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reassignTo) decide.mutate();
  };
  const id = `decide-${removal.removalId}`;
  return (
    <form onSubmit={submit} aria-label={`Decide for ${name}`} className="decide">
      <label htmlFor={id}>Reassign everything to</label>
      <select id={id} value={reassignTo} onChange={(e) => setReassignTo(e.target.value)}>
        <option value="">Choose a user</option>
        {users
          .filter((u) => u.status === 'ACTIVE' && u.userId !== removal.userId)
          .map((u) => (
            <option key={u.userId} value={u.userId}>
              {u.displayName}
            </option>
          ))}
      </select>
      <button type="submit" disabled={!reassignTo || decide.isPending}>
        Decide
      </button>
      <ProblemAlert error={decide.error} />
    </form>
  );
}
