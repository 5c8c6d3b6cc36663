// New / Rename / Reassign a resource: a name (a number's starts with the number), an owner picked
// from the ACTIVE users (R12; a number may go to the pool). The API's refusals (INVALID_OWNER, a
// name that is no number) are shown in the dialog.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserRow } from '../../api.ts';
import { useSignedIn } from '../../console.ts';
import { RESOURCE_TYPE } from '../../labels.ts';
import { useModal } from '../../components/use-modal.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { resourceUrl, type ResourceRow, type ResourceType } from './resource-screens.ts';

const POOL = '';

export function ResourceFormDialog({
  mode,
  type,
  resource,
  users,
  onClose,
}: {
  mode: 'new' | 'rename' | 'reassign';
  type: ResourceType;
  resource?: ResourceRow;
  users: UserRow[];
  onClose: () => void;
}) {
  const { api, account } = useSignedIn();
  const queries = useQueryClient();
  const dialog = useModal();
  const active = users.filter((u) => u.status === 'ACTIVE');
  const [name, setName] = useState(resource?.name ?? '');
  const [ownerId, setOwnerId] = useState<string>(resource?.ownerId ?? active[0]?.userId ?? POOL);
  const one = RESOURCE_TYPE[type].one;
  const save = useMutation({
    mutationFn: () => {
      const owner = ownerId === POOL ? null : ownerId;
      if (mode === 'new') return api.post(`${account}/resources`, { type, name: name.trim(), ownerId: owner });
      return api.patch(
        resourceUrl(account, resource as ResourceRow),
        mode === 'rename' ? { name: name.trim() } : { ownerId: owner },
      );
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['resources'] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const title =
    mode === 'new' ? `New ${one}` : mode === 'rename' ? `Rename ${resource?.name}` : `Reassign ${resource?.name}`;
  return (
    <dialog ref={dialog} aria-labelledby="resource-form-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="resource-form-title">{title}</h2>
        {mode !== 'reassign' && (
          <>
            <label htmlFor="resource-name">Name</label>
            <input id="resource-name" required value={name} onChange={(e) => setName(e.target.value)} />
            {type === 'PHONE_NUMBER' && <p className="hint">Start with the number, e.g. +1 555 0100 Support line.</p>}
          </>
        )}
        {mode !== 'rename' && (
          <>
            <label htmlFor="resource-owner">Owner</label>
            <select id="resource-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              {type === 'PHONE_NUMBER' && <option value={POOL}>Number pool (unassigned)</option>}
              {active.map((u) => (
                <option key={u.userId} value={u.userId}>
                  {u.displayName}
                </option>
              ))}
            </select>
          </>
        )}
        <ProblemAlert error={save.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={save.isPending}>
            {mode === 'new' ? `Create ${one}` : mode === 'rename' ? 'Save name' : 'Reassign'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
