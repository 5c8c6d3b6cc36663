// Audit log: newest first, a page at a time (the API's cursor).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AuditPage } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { titleCase, when } from '../labels.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

const PAGE_SIZE = 25;

export function AuditLogPage() {
  const { api, account } = useSignedIn();
  // The cursors of the pages seen so far: the last one is the page shown.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    queryKey: ['audit-log', cursor],
    queryFn: () =>
      api.get<AuditPage>(
        `${account}/audit-log?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
  });
  return (
    <>
      <h1>Audit log</h1>
      <ProblemAlert error={page.error} />
      <table>
        <caption className="visually-hidden">Audit log, page {cursors.length}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">User</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.entries.map((e) => (
            <tr key={e.id}>
              <td>{when(e.at)}</td>
              <td>
                {titleCase(e.actor.type)} {e.actor.id}
              </td>
              <td>{titleCase(e.action)}</td>
              <td>{e.targetUserId ?? '—'}</td>
              <td>
                <code>{JSON.stringify(e.details ?? {})}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Next page
        </button>
      </div>
    </>
  );
}
