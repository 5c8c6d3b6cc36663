// A refusal in the API's own words (the problem's title and detail), with what to do next where
// there is a next step to take.
import { Link } from 'wouter';
import { ApiProblem } from '../api.ts';

const NEXT_STEP: Record<string, { text: string; href?: string }> = {
  OWNER_MUST_TRANSFER: { text: 'Transfer ownership', href: '/ownership' },
  CANNOT_REMOVE_SELF: { text: 'Ask another admin to do it.' },
  RESOURCES_NEED_REASSIGNMENT: { text: 'Choose who takes over everything, or each resource.' },
  INVALID_REASSIGNMENT_TARGET: { text: 'Choose an active user of this account.' },
  REMOVAL_IN_PROGRESS: { text: 'See the removal', href: '/removals' },
  SEAT_LIMIT_REACHED: { text: 'See seats', href: '/seats' },
};

export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem =
    error instanceof ApiProblem
      ? error.problem
      : { code: 'ERROR', title: 'Something went wrong', detail: (error as Error).message ?? String(error) };
  const next = NEXT_STEP[problem.code];
  return (
    <div role="alert" className="problem">
      <strong>{problem.title}</strong> <span>{problem.detail}</span>
      {next && <p>{next.href ? <Link href={next.href}>{next.text}</Link> : next.text}</p>}
    </div>
  );
}

/** Several refusals at once (a removal preview's blockers), each as the API put it. */
export function Blockers({ blockers }: { blockers: { code: string; message: string }[] }) {
  if (blockers.length === 0) return null;
  return (
    <div role="alert" className="problem">
      <strong>This user cannot be removed yet</strong>
      <ul>
        {blockers.map((b) => {
          const next = NEXT_STEP[b.code];
          return (
            <li key={b.code}>
              {b.message} {next && (next.href ? <Link href={next.href}>{next.text}</Link> : next.text)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
