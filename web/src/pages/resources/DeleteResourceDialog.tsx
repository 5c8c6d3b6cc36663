// Delete a resource, after a confirmation: its owner and members no longer hold it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSignedIn } from '../../console.ts';
import { RESOURCE_TYPE } from '../../labels.ts';
import { useModal } from '../../components/use-modal.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { resourceUrl, type ResourceRow } from './resource-screens.ts';

export function DeleteResourceDialog({ resource, onClose }: { resource: ResourceRow; onClose: () => void }) {
  const { api, account } = useSignedIn();
  const queries = useQueryClient();
  const dialog = useModal();
  const remove = useMutation({
    mutationFn: () => api.delete(resourceUrl(account, resource)),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['resources'] });
      onClose();
    },
  });
  return (
    <dialog ref={dialog} aria-labelledby="delete-resource-title" onClose={onClose}>
      <h2 id="delete-resource-title">Delete {resource.name}?</h2>
      <p>
        The {RESOURCE_TYPE[resource.type].one} is deleted for good
        {resource.members.length > 0 ? ', and its members leave its rotation' : ''}.
      </p>
      <ProblemAlert error={remove.error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" disabled={remove.isPending} onClick={() => remove.mutate()}>
          Delete
        </button>
      </div>
    </dialog>
  );
}
