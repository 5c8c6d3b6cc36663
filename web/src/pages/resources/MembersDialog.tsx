// Members of a team or routing rule: who is in its rotation, "Remove" for each, and "Add member"
// for an ACTIVE user (R12). Taking out the last member who takes calls is refused by the API
// (LAST_ACTIVE_MEMBER, R5) and the refusal is shown here.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserRow } from '../../api.ts';
import { useSignedIn } from '../../console.ts';
import { useModal } from '../../components/use-modal.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { resourceUrl, type ResourceRow } from './resource-screens.ts';

export function MembersDialog({
  resource,
  users,
  nameOf: knownName,
  onClose,
}: {
  resource: ResourceRow;
  /** Who may be added: ACTIVE users (R12). */
  users: UserRow[];
  /** The names of the rotation's members as the page knows them (an INACTIVE member too). */
  nameOf: (userId: string) => string;
  onClose: () => void;
}) {
  const { api, account } = useSignedIn();
  const queries = useQueryClient();
  const dialog = useModal();
  const [members, setMembers] = useState(resource.members);
  const candidates = users.filter((u) => u.status === 'ACTIVE' && !members.includes(u.userId));
  const [adding, setAdding] = useState(candidates[0]?.userId ?? '');
  const nameOf = (userId: string) => users.find((u) => u.userId === userId)?.displayName ?? knownName(userId);
  const change = useMutation({
    mutationFn: ({ userId, add }: { userId: string; add: boolean }) =>
      (add ? api.put : api.delete)<ResourceRow>(
        `${resourceUrl(account, resource)}/members/${encodeURIComponent(userId)}`,
      ),
    onSuccess: async (rotation) => {
      setMembers(rotation.members);
      setAdding(users.find((u) => u.status === 'ACTIVE' && !rotation.members.includes(u.userId))?.userId ?? '');
      await queries.invalidateQueries({ queryKey: ['resources'] });
    },
  });
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (adding) change.mutate({ userId: adding, add: true });
  };
  return (
    <dialog ref={dialog} aria-labelledby="members-title" onClose={onClose}>
      <h2 id="members-title">Members of {resource.name}</h2>
      <ul aria-label={`Members of ${resource.name}`}>
        {members.map((userId) => (
          <li key={userId}>
            {nameOf(userId)}{' '}
            <button
              type="button"
              aria-label={`Remove ${nameOf(userId)}`}
              disabled={change.isPending}
              onClick={() => change.mutate({ userId, add: false })}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <label htmlFor="member-to-add">Add member</label>
        <select id="member-to-add" value={adding} onChange={(e) => setAdding(e.target.value)}>
          {candidates.map((u) => (
            <option key={u.userId} value={u.userId}>
              {u.displayName}
            </option>
          ))}
        </select>
        <ProblemAlert error={change.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Done
          </button>
          <button type="submit" disabled={change.isPending || !adding}>
            Add member
          </button>
        </div>
      </form>
    </dialog>
  );
}
