// The progress of a removal just confirmed ("Removal progress"): its steps as the removal record
// shows them pass — requested, the user taken (access ended), resources reassigned, removed — until
// "Completed" or "Failed: MESSAGE". When it ends, the lists it changed are read again.
import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Removal, UserRow } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { when } from '../labels.ts';

const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function RemovalProgress({
  removalId,
  user,
  onDismiss,
}: {
  removalId: string;
  user: UserRow;
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
        {r && r.reassignments.length > 0 && (
          <li>Reassigned: {r.reassignments.length} resources and rotation places have their new owners</li>
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
