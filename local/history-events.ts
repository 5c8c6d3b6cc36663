// How many events Step Functions writes into an execution's history for each event the emulator
// reports, so the local runtime can end an execution at AWS's 25,000-event limit where AWS would.
// AWS's history (API_HistoryEvent): a Task writes TaskStateEntered, per attempt TaskScheduled,
// TaskStarted (and TaskSubmitted when it waits for a token) and TaskSucceeded or TaskFailed, then
// TaskStateExited; a Map writes MapStateEntered, MapStateStarted, per item MapIterationStarted and
// MapIterationSucceeded/Failed, then MapStateSucceeded/Failed and MapStateExited; other states
// their Entered and Exited; the execution its Started and Succeeded/Failed/Aborted/TimedOut.

/** Step Functions' hard limit on one execution's history. */
export const MAX_HISTORY_EVENTS = 25_000;

interface EmulatorEvent {
  type: string;
  state?: { name: string; type: string };
}

/** The AWS history events behind one emulator event; `waitsForToken` tells a callback Task by name. */
export function awsHistoryEventsOf(event: EmulatorEvent, waitsForToken: (stateName: string) => boolean): number {
  const type = event.state?.type;
  switch (event.type) {
    case 'StateEntered':
      // A Task's Entered opens its first attempt (Scheduled, Started[, Submitted]); a Map starts.
      if (type === 'Task') return waitsForToken(event.state!.name) ? 4 : 3;
      return type === 'Map' ? 2 : 1;
    case 'StateExited':
      // The attempt's TaskSucceeded; the Map's MapStateSucceeded; then the state's Exited.
      return type === 'Task' || type === 'Map' ? 2 : 1;
    case 'StateRetried':
      // The failed attempt's TaskFailed, and the next attempt's Scheduled and Started[, Submitted].
      return waitsForToken(event.state?.name ?? '') ? 4 : 3;
    default:
      // StateFailed (TaskFailed, MapStateFailed), StateCaught (the state's Exited), Map iterations,
      // the execution's start and end: one each.
      return 1;
  }
}
