// Ownership transfer: the owner hands the account to an ACTIVE admin (and becomes an admin), which
// is what R2 asks before the owner can be removed or deactivated.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useActiveUsers } from '../users.ts';
import { useSignedIn } from '../console.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function OwnershipPage() {
  const { api, account, me } = useSignedIn();
  const queries = useQueryClient();
  const [newOwnerId, setNewOwnerId] = useState('');
  // The owner and the candidates are ACTIVE: the pickers' list has them.
  const users = useActiveUsers(api, account);
  const transfer = useMutation({
    mutationFn: () => api.post<{ ownerId: string }>(`${account}/ownership-transfer`, { newOwnerId }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['users'] });
      void queries.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const owner = users.data?.find((u) => u.role === 'OWNER');
  const admins = users.data?.filter((u) => u.role === 'ADMIN') ?? [];
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
