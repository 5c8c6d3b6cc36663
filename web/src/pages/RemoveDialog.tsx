// The removal dialog ("Remove NAME"): the preview of what the removal does — what the user owns,
// the rotations they are the last active member of, the seat and the billing date — the target for
// everything and per-resource overrides, a reason, an optional date, and a confirmation by typing
// the user's email. A refusal shows the API's problem and what to do next.
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { RemovalAccepted, RemovalBody, RemovalPreview, UserRow } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { useModal } from '../components/use-modal.ts';
import { resourceLabel } from '../labels.ts';
import { Blockers, ProblemAlert } from '../components/ProblemAlert.tsx';
import type { ResourceRef } from '../../../core/model/index.ts';

/** The per-resource choice that sends a number to the account's pool. */
const TO_POOL = '(pool)';

const TOKEN_KIND_LABELS = {
  API: 'API token',
  SCIM: 'SCIM token (identity provider)',
  HR: 'HR token (HR system)',
  PLATFORM: 'Platform token (call records)',
} as const;

/** Blockers a choice in this dialog resolves: not shown as refusals, the form asks for the choice. */
const RESOLVED_HERE = new Set(['RESOURCES_NEED_REASSIGNMENT']);

const keyOf = (r: Pick<ResourceRef, 'type' | 'id'>) => `${r.type}#${r.id}`;

export function RemoveDialog({
  user,
  users,
  onClose,
  onAccepted,
}: {
  user: UserRow;
  users: UserRow[];
  onClose: () => void;
  /** `owned`: how many resources the preview showed, for the progress's k of n. */
  onAccepted: (removalId: string, owned: number) => void;
}) {
  const { api, account } = useSignedIn();
  const dialog = useModal();
  const userPath = `${account}/users/${encodeURIComponent(user.userId)}`;
  // One key per dialog: a confirmation sent twice (a double click, a retry) is one removal.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const [reassignTo, setReassignTo] = useState('');
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [removeAt, setRemoveAt] = useState('');
  const [confirmation, setConfirmation] = useState('');

  const preview = useQuery({
    queryKey: ['removal-preview', user.userId],
    queryFn: () => api.get<RemovalPreview>(`${userPath}/removal-preview`),
  });
  const remove = useMutation({
    mutationFn: (body: RemovalBody) =>
      api.post<RemovalAccepted>(`${userPath}/removal`, body, { 'idempotency-key': idempotencyKey }),
    onSuccess: (accepted) => onAccepted(accepted.removalId, preview.data?.ownedResources.length ?? 0),
  });

  const targets = users.filter((u) => u.status === 'ACTIVE' && u.userId !== user.userId);
  const needTargets = [
    ...(preview.data?.ownedResources ?? []),
    ...(preview.data?.memberships.filter((m) => m.lastActiveMember) ?? []),
  ];
  const confirmed = confirmation.trim().toLowerCase() === user.email.toLowerCase();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!confirmed) return;
    const reassignments = needTargets
      .filter((r) => overrides[keyOf(r)])
      // A number sent to the pool goes with toUserId null (nobody receives it; R4 is met).
      .map((r) => {
        const to = overrides[keyOf(r)]!;
        return { resourceType: r.type, resourceId: r.id, toUserId: to === TO_POOL ? null : to };
      });
    remove.mutate({
      confirm: true,
      ...(reassignTo ? { reassignTo } : {}),
      ...(reassignments.length > 0 ? { reassignments } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(removeAt ? { effectiveAt: new Date(removeAt).toISOString() } : {}),
    });
  };

  const titleId = `remove-${user.userId}`;
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={onClose} className="remove-dialog">
      <form onSubmit={submit}>
        <h2 id={titleId}>Remove {user.displayName}</h2>
        {preview.isPending && <p>Loading what {user.displayName} owns…</p>}
        <ProblemAlert error={preview.error} />
        {preview.data && (
          <>
            <Blockers blockers={preview.data.blockers.filter((b) => !RESOLVED_HERE.has(b.code))} />
            <section aria-labelledby={`${titleId}-owns`}>
              <h3 id={`${titleId}-owns`}>What {user.displayName} owns</h3>
              {preview.data.ownedResources.length === 0 ? (
                <p>Nothing: no numbers, call flows, teams or routing rules.</p>
              ) : (
                <ul>
                  {preview.data.ownedResources.map((r) => (
                    <li key={keyOf(r)}>{resourceLabel(r)}</li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby={`${titleId}-rotations`}>
              <h3 id={`${titleId}-rotations`}>Teams and routing rules {user.displayName} takes calls in</h3>
              {preview.data.memberships.length === 0 ? (
                <p>None.</p>
              ) : (
                <ul>
                  {preview.data.memberships.map((m) => (
                    <li key={keyOf(m)}>
                      {resourceLabel(m)}
                      {m.lastActiveMember
                        ? ' — the last active member: someone must take their place'
                        : ' — others still take calls'}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby={`${titleId}-seat`}>
              <h3 id={`${titleId}-seat`}>Seat and billing</h3>
              <p>
                {preview.data.seat.released
                  ? `The seat is free as soon as the removal completes; billing drops it from ${preview.data.seat.billingEffectiveOn ?? 'the next cycle'}.`
                  : 'This plan does not bill by seat: billing does not change.'}
              </p>
            </section>
            {preview.data.integrationTokens.length > 0 && (
              <section aria-labelledby={`${titleId}-tokens`}>
                <h3 id={`${titleId}-tokens`}>Integrations that stop</h3>
                <p>
                  {user.displayName} created these tokens; they stop working when the removal starts. Create new ones
                  first if the integrations must keep running.
                </p>
                <ul>
                  {preview.data.integrationTokens.map((t) => (
                    <li key={t.tokenId}>
                      {TOKEN_KIND_LABELS[t.kind]}: {t.name}
                    </li>
                  ))}
                </ul>
              </section>
            )}

            <label htmlFor={`${titleId}-to`}>Reassign everything to</label>
            <select id={`${titleId}-to`} value={reassignTo} onChange={(e) => setReassignTo(e.target.value)}>
              <option value="">Choose a user</option>
              {targets.map((t) => (
                <option key={t.userId} value={t.userId}>
                  {t.displayName} ({t.email})
                </option>
              ))}
            </select>
            {needTargets.length > 0 && (
              <fieldset>
                <legend>Or choose for each (optional)</legend>
                {needTargets.map((r) => (
                  <div key={keyOf(r)} className="field">
                    <label htmlFor={`${titleId}-${keyOf(r)}`}>Reassign {resourceLabel(r)} to</label>
                    <select
                      id={`${titleId}-${keyOf(r)}`}
                      value={overrides[keyOf(r)] ?? ''}
                      onChange={(e) => setOverrides({ ...overrides, [keyOf(r)]: e.target.value })}
                    >
                      <option value="">Same as everything</option>
                      {r.type === 'PHONE_NUMBER' && <option value={TO_POOL}>Number pool (unassigned)</option>}
                      {targets.map((t) => (
                        <option key={t.userId} value={t.userId}>
                          {t.displayName}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </fieldset>
            )}
            <label htmlFor={`${titleId}-reason`}>Reason</label>
            <input
              id={`${titleId}-reason`}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
            <label htmlFor={`${titleId}-at`}>Remove at</label>
            <p id={`${titleId}-at-hint`} className="hint">
              Optional: leave empty to remove now.
            </p>
            <input
              id={`${titleId}-at`}
              type="datetime-local"
              aria-describedby={`${titleId}-at-hint`}
              value={removeAt}
              onChange={(e) => setRemoveAt(e.target.value)}
            />
            <p className="confirmation">{preview.data.confirmationText}</p>
            <label htmlFor={`${titleId}-confirm`}>Type {user.email} to confirm</label>
            <input
              id={`${titleId}-confirm`}
              value={confirmation}
              autoComplete="off"
              onChange={(e) => setConfirmation(e.target.value)}
            />
          </>
        )}
        <ProblemAlert error={remove.error} />
        <div className="actions">
          <button type="submit" className="danger" disabled={!confirmed || remove.isPending}>
            Remove user
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
