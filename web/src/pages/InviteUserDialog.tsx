// "Invite user": an admin adds a user (POST …/users) — an email, a name and a role; the identity
// provider sends the invitation. A full seat-based plan, or an email in use, comes back as the
// API's problem, shown in the dialog.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSignedIn } from '../console.ts';
import { useModal } from '../components/use-modal.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function InviteUserDialog({ onClose }: { onClose: () => void }) {
  const { api, account } = useSignedIn();
  const queries = useQueryClient();
  const dialog = useModal();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<'ADMIN' | 'MEMBER'>('MEMBER');
  const invite = useMutation({
    mutationFn: () => api.post(`${account}/users`, { email: email.trim(), displayName: displayName.trim(), role }),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <dialog ref={dialog} aria-labelledby="invite-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="invite-title">Invite user</h2>
        <label htmlFor="invite-email">Email</label>
        <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="invite-name">Name</label>
        <input id="invite-name" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as 'ADMIN' | 'MEMBER')}>
          <option value="MEMBER">Member</option>
          <option value="ADMIN">Admin</option>
        </select>
        <ProblemAlert error={invite.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={invite.isPending}>
            Send invitation
          </button>
        </div>
      </form>
    </dialog>
  );
}
