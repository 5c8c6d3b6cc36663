// The progress of a removal just confirmed ("Removal progress"): its steps as the removal record
// shows them pass — requested; the user taken (access ended); scanning and planning; reassigning,
// k of the n resources the preview showed (batches commit whole, so k moves a batch at a time);
// removed — until "Completed" or "Failed: MESSAGE". When it ends, the lists it changed are read
// again. (UserRemoved is published in the same execution right after the removal commits.)
import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Removal, UserRow } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { when } from '../labels.ts';

const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function RemovalProgress({
  removalId,
  user,
  owned,
  onDismiss,
}: {
  removalId: string;
  user: UserRow;
  /** Resources the preview showed the user owning: the n of "k of n". */
  owned: number;
  onDismiss: () => void;
}) {
  const { api, account } = useSignedIn();
  const queries = useQueryClient();
  const removal = useQuery({
    queryKey: ['removal', removalId],
    queryFn: () => api.get<Removal>(`${account}/removals/${encodeURIComponent(removalId)}`),
    refetchInterval: (query) => (query.state.data && ENDED.has(query.state.data.status) ? false : 700),
  });
  const status = removal.data?.status;

  useEffect(() => {
    if (status && (ENDED.has(status) || status === 'SCHEDULED'))
      for (const key of ['users', 'resources', 'removals', 'seats', 'audit-log'])
        void queries.invalidateQueries({ queryKey: [key] });
  }, [status, queries]);

  const r = removal.data;
  const taken = r && !['REQUESTED', 'SCHEDULED'].includes(r.step);
  return (
    <section role="status" aria-label="Removal progress" className="progress">
      <h2>Removing {user.displayName}</h2>
      <ol>
        <li>Requested</li>
        {r?.status === 'SCHEDULED' && <li>Scheduled for {when(r.effectiveAt)}</li>}
        {taken && <li>Access ended: {user.displayName} can no longer sign in</li>}
        {taken && <li>Scanned what {user.displayName} owns and the rotations they are in; planned who takes over</li>}
        {taken && owned > 0 && (
          <li>
            Reassigning: {Math.min(r.reassignments.length, owned)} of {owned} resources have their new owners
          </li>
        )}
        {r?.status === 'AWAITING_DECISION' && (
          <li>
            Waiting for an admin to choose who takes over: <a href="#/removals">decide in Removals</a>
          </li>
        )}
        {r?.status === 'COMPLETED' && <li>Removed (integrations hear it through UserRemoved)</li>}
      </ol>
      {r?.status === 'COMPLETED' && <p className="done">Completed</p>}
      {r?.status === 'FAILED' && <p className="failed">Failed: {r.failure?.message ?? 'unknown reason'}</p>}
      {r?.status === 'CANCELLED' && <p>Cancelled</p>}
      {removal.error && <p>Could not read the removal: {removal.error.message}</p>}
      {(r && (ENDED.has(r.status) || r.status === 'SCHEDULED')) || removal.error ? (
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </section>
  );
}
