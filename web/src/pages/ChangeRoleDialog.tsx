// "Change role": an admin makes a member an admin or an admin a member (PATCH …/users/{id}). The
// owner's role changes only by transferring ownership, and nobody changes their own: the Users
// page offers this only where the API would accept it.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserRow } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { useModal } from '../components/use-modal.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function ChangeRoleDialog({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const { api, account } = useSignedIn();
  const queries = useQueryClient();
  const dialog = useModal();
  const [role, setRole] = useState<'ADMIN' | 'MEMBER'>(user.role === 'ADMIN' ? 'MEMBER' : 'ADMIN');
  const change = useMutation({
    mutationFn: () => api.patch(`${account}/users/${encodeURIComponent(user.userId)}`, { role }),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  const titleId = `role-${user.userId}`;
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id={titleId}>Change role of {user.displayName}</h2>
        <p>
          Admins manage users: invite, deactivate, activate and remove them. The owner&apos;s role changes only by
          transferring ownership.
        </p>
        <label htmlFor={`${titleId}-role`}>Role</label>
        <select id={`${titleId}-role`} value={role} onChange={(e) => setRole(e.target.value as 'ADMIN' | 'MEMBER')}>
          <option value="ADMIN">Admin</option>
          <option value="MEMBER">Member</option>
        </select>
        <ProblemAlert error={change.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={change.isPending || role === user.role}>
            Save role
          </button>
        </div>
      </form>
    </dialog>
  );
}
