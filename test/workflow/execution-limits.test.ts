// Step Functions ends an execution uncatchably — the user would stay REMOVING with nothing undone —
// when it outlives its top-level TimeoutSeconds (States.Timeout) or writes more than 25,000
// history events. So both are computed here from the ASL file itself, on the longest legitimate
// path: every Task's attempts, timeouts and retry delays, the Map's waves and iterations, the
// bounded loops, with the most batches a removal may plan (core/rules/removal-size.ts).
import { describe, expect, it } from 'vitest';
import { readUserRemovalDefinition } from '../../statemachines/user-removal.ts';
import { MAX_REMOVAL_BATCHES, MAX_REMOVAL_HOLDINGS } from '#core/rules/removal-size.ts';
import { MAX_TRANSACTION_ITEMS, toBatches } from '#core/removal/batching.ts';
import { MAX_HISTORY_EVENTS } from '#local/step-functions.ts';

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

/** The most batches one scan round plans (more fail the removal before any batch runs). */
const MAX_BATCHES = MAX_REMOVAL_BATCHES;
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

type Cost = (state: State) => number;

function worstSeconds(state: State): number {
  if (state.Type === 'Map') {
    const inner = longestPath(state.ItemProcessor!.States, state.ItemProcessor!.StartAt, worstSeconds);
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

const attempts = (state: State) => 1 + (state.Retry ?? []).reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);

/**
 * The history events a state writes at worst, as AWS counts them: a Task's Entered and Exited and,
 * per attempt, TaskScheduled, TaskStarted and TaskSucceeded/TaskFailed (TaskSubmitted too when it
 * waits for a token); a Map's Entered, Started, Succeeded and Exited, and per item its iteration's
 * Started and Succeeded around the item's own path; any other state its Entered and Exited.
 */
function worstEvents(state: State): number {
  if (state.Type === 'Map') {
    const inner = longestPath(state.ItemProcessor!.States, state.ItemProcessor!.StartAt, worstEvents);
    return 4 + MAX_BATCHES * (2 + inner);
  }
  if (state.Type === 'Task') return 2 + attempts(state) * (state.Resource?.endsWith('.waitForTaskToken') ? 4 : 3);
  return 2;
}

/** The longest path from `start` by `cost`, entering each state at most VISITS[state] (default once) times. */
function longestPath(states: Record<string, State>, start: string, cost: Cost): number {
  const visits = new Map<string, number>();
  const walk = (name: string): number => {
    const seen = visits.get(name) ?? 0;
    if (seen >= (VISITS[name] ?? 1)) return -Infinity; // not a legitimate path
    visits.set(name, seen + 1);
    const state = states[name]!;
    const next = successors(state).map(walk);
    visits.set(name, seen);
    const rest = next.length === 0 ? 0 : Math.max(...next);
    return rest === -Infinity ? -Infinity : cost(state) + rest;
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

  it('is longer than the longest legitimate path (7-day decision wait, three extra rounds, 150 batches)', () => {
    const longest = longestPath(definition.States, definition.StartAt, worstSeconds);

    expect(longest).toBeGreaterThan(7 * 24 * 3600); // the decision wait is on it
    expect(definition.TimeoutSeconds).toBeGreaterThanOrEqual(longest);
  });
});

describe('R13 the history limit (25,000 events, uncatchable): a removal too large is refused before it starts', () => {
  const definition = JSON.parse(readUserRemovalDefinition()) as Definition;

  it('the most events a removal can write — 150 batches in each of four rounds, every attempt retried — stay below it', () => {
    // ExecutionStarted and ExecutionSucceeded/Failed, around the longest path.
    const worst = 2 + longestPath(definition.States, definition.StartAt, worstEvents);

    expect(worst).toBeGreaterThan(4 * MAX_BATCHES * 30); // the four Map rounds are on it, retries included
    expect(worst).toBeLessThan(MAX_HISTORY_EVENTS);
  });

  it('the holdings a request may have always fit in that many batches, even with a new target per change', () => {
    const changes = Array.from({ length: MAX_REMOVAL_HOLDINGS }, (_, i) => ({
      type: 'PHONE_NUMBER' as const,
      id: `n${i}`,
      name: `n${i}`,
      toUserId: `target-${i}`,
    }));
    const batches = toBatches(changes, []);

    expect(batches.length).toBeLessThanOrEqual(MAX_BATCHES);
    expect(batches.length).toBeGreaterThan(MAX_REMOVAL_HOLDINGS / MAX_TRANSACTION_ITEMS); // one target each: half a batch
  });
});
