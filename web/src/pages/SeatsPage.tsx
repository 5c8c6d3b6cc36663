// Seats: used, the plan's limit, what the account is billed for this cycle, and the adjustments the
// next billing cycles will apply (a removed user's seat is free at once, billed until the cycle ends).
import { useQuery } from '@tanstack/react-query';
import type { Seats } from '../api.ts';
import { useSignedIn } from '../console.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function SeatsPage() {
  const { api, account } = useSignedIn();
  const seats = useQuery({ queryKey: ['seats'], queryFn: () => api.get<Seats>(`${account}/seats`) });
  const s = seats.data;
  return (
    <>
      <h1>Seats</h1>
      <ProblemAlert error={seats.error} />
      {s && (
        <>
          <dl className="figures">
            <dt>Plan</dt>
            <dd>{s.plan}</dd>
            <dt>Used</dt>
            <dd>{s.used}</dd>
            <dt>Limit</dt>
            <dd>{s.limit ?? 'Unlimited'}</dd>
            <dt>Available</dt>
            <dd>{s.available ?? 'Unlimited'}</dd>
            <dt>Billed this cycle</dt>
            <dd>{s.billed}</dd>
          </dl>
          <h2>Pending adjustments</h2>
          {s.pendingAdjustments.length === 0 ? (
            <p>None: the next bill counts the seats billed now.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">Seats</th>
                  <th scope="col">Removal</th>
                </tr>
              </thead>
              <tbody>
                {s.pendingAdjustments.map((a) => (
                  <tr key={a.removalId}>
                    <td>{a.effectiveOn}</td>
                    <td>{a.seats}</td>
                    <td>{a.removalId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
