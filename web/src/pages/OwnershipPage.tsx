// Ownership transfer: the owner hands the account to an ACTIVE admin (and becomes an admin), which
// is what R2 asks before the owner can be removed or deactivated.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserRow } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function OwnershipPage() {
  const { api, account, me } = useSignedIn();
  const queries = useQueryClient();
  const [newOwnerId, setNewOwnerId] = useState('');
  const users = useQuery({
    queryKey: ['users', ''],
    queryFn: () => api.get<{ users: UserRow[] }>(`${account}/users`),
  });
  const transfer = useMutation({
    mutationFn: () => api.post<{ ownerId: string }>(`${account}/ownership-transfer`, { newOwnerId }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['users'] });
      void queries.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const owner = users.data?.users.find((u) => u.role === 'OWNER');
  const admins = users.data?.users.filter((u) => u.role === 'ADMIN' && u.status === 'ACTIVE') ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newOwnerId) transfer.mutate();
  };
  return (
    <>
      <h1>Ownership</h1>
      <p>
        {owner ? `${owner.displayName} owns this account.` : ''} The owner cannot be removed or deactivated: they first
        hand the account to an active admin, and become an admin themselves.
      </p>
      {me.role === 'OWNER' ? (
        <form onSubmit={submit}>
          <label htmlFor="new-owner">New owner</label>
          <select id="new-owner" value={newOwnerId} onChange={(e) => setNewOwnerId(e.target.value)}>
            <option value="">Choose an active admin</option>
            {admins.map((a) => (
              <option key={a.userId} value={a.userId}>
                {a.displayName} ({a.email})
              </option>
            ))}
          </select>
          <button type="submit" disabled={!newOwnerId || transfer.isPending}>
            Transfer ownership
          </button>
        </form>
      ) : (
        <p>Only the owner can transfer ownership; ask {owner?.displayName ?? 'them'}.</p>
      )}
      {/* Outside the owner's form: once transferred, the signed-in user is an admin and the form goes. */}
      {transfer.isSuccess && <p role="status">Ownership transferred.</p>}
      <ProblemAlert error={transfer.error ?? users.error} />
    </>
  );
}
