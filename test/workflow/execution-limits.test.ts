// Step Functions ends an execution that outlives its top-level TimeoutSeconds with States.Timeout,
// which no Catch sees: the user would stay REMOVING with nothing undone. So the limit must be
// longer than the longest legitimate path through the ASL, computed here from the file itself:
// every Task's attempts, timeouts and retry delays, the Map's waves, the bounded loops.
import { describe, expect, it } from 'vitest';
import { readUserRemovalDefinition } from '../../statemachines/user-removal.ts';

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}
interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { Next: string }[];
  Retry?: Retrier[];
  TimeoutSeconds?: number;
  MaxConcurrency?: number;
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
}
interface Definition {
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, State>;
}

/** The most batches one removal plans: 20,000 owned resources and rotations at 100 a batch. */
const MAX_BATCHES = 200;
/** How long a Lambda invocation may take before a waitForTaskToken Task starts waiting. */
const INVOCATION_SECONDS = 60;
/**
 * How often a state may be entered on one path, as the ASL's own logic bounds it: at most three
 * extra scan rounds ("Is another round allowed?" counts them), and one wait for a decision (a
 * decision that no longer covers everything fails the removal instead of waiting again).
 */
const VISITS: Record<string, number> = {
  'Scan and plan the reassignment': 5,
  'Is a decision needed?': 5,
  'Wait for a decision': 1,
  'Reassign in batches': 4,
  // The final write fails with OwnershipChanged when something appeared meanwhile: another round.
  'Remove the user': 4,
  'Is another round allowed?': 4,
  'Count another round': 3,
};

const retryDelays = (retrier: Retrier) => {
  const { IntervalSeconds = 1, MaxAttempts = 3, BackoffRate = 2, MaxDelaySeconds = Infinity } = retrier;
  return Array.from({ length: MaxAttempts }, (_, i) => Math.min(IntervalSeconds * BackoffRate ** i, MaxDelaySeconds));
};

function worstSeconds(state: State): number {
  if (state.Type === 'Map') {
    const inner = longestPath(state.ItemProcessor!.States, state.ItemProcessor!.StartAt);
    return Math.ceil(MAX_BATCHES / (state.MaxConcurrency || MAX_BATCHES)) * inner;
  }
  if (state.Type !== 'Task') return 0;
  const retries = (state.Retry ?? []).flatMap(retryDelays);
  const timeout = state.TimeoutSeconds as number;
  // A waiting Task's failed attempts fail at invocation; only its last attempt waits in full.
  const retriedAttempt = state.Resource?.endsWith('.waitForTaskToken') ? INVOCATION_SECONDS : timeout;
  return timeout + retries.length * retriedAttempt + retries.reduce((a, b) => a + b, 0);
}

function successors(state: State): string[] {
  return [
    state.Next,
    state.Default,
    ...(state.Choices ?? []).map((c) => c.Next),
    ...(state.Catch ?? []).map((c) => c.Next),
  ].filter((n): n is string => Boolean(n));
}

/** The longest path from `start`, entering each state at most VISITS[state] (default once) times. */
function longestPath(states: Record<string, State>, start: string): number {
  const visits = new Map<string, number>();
  const walk = (name: string): number => {
    const seen = visits.get(name) ?? 0;
    if (seen >= (VISITS[name] ?? 1)) return -Infinity; // not a legitimate path
    visits.set(name, seen + 1);
    const state = states[name]!;
    const next = successors(state).map(walk);
    visits.set(name, seen);
    const rest = next.length === 0 ? 0 : Math.max(...next);
    return rest === -Infinity ? -Infinity : worstSeconds(state) + rest;
  };
  return walk(start);
}

describe('the execution-level timeout (States.Timeout cannot be caught)', () => {
  const definition = JSON.parse(readUserRemovalDefinition()) as Definition;

  it('every Task has its own TimeoutSeconds, so every wait ends in a state a Catch handles', () => {
    const tasks = (states: Record<string, State>): [string, State][] =>
      Object.entries(states).flatMap(([name, s]) => [
        ...(s.Type === 'Task' ? [[name, s] as [string, State]] : []),
        ...(s.ItemProcessor ? tasks(s.ItemProcessor.States) : []),
      ]);
    for (const [name, task] of tasks(definition.States)) expect(task.TimeoutSeconds, name).toBeGreaterThan(0);
  });

  it('is longer than the longest legitimate path (7-day decision wait, three extra rounds, 200 batches)', () => {
    const longest = longestPath(definition.States, definition.StartAt);

    expect(longest).toBeGreaterThan(7 * 24 * 3600); // the decision wait is on it
    expect(definition.TimeoutSeconds).toBeGreaterThanOrEqual(longest);
  });
});
