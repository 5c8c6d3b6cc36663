// The local EventBridge Scheduler: CreateSchedule / UpdateSchedule / DeleteSchedule from the real
// SDK client; each one-time `at()` schedule fires its universal `sfn:startExecution` target on the
// local Step Functions at its time — days or months ahead, as AWS does — then deletes itself. As
// in AWS, an `at()` whose time has already passed is accepted and never fires — nor does one inside
// the minute Scheduler is evaluating when it arrives: callers start work due that soon themselves
// (core/removal/accept-removal.ts: DUE_NOW_MARGIN_MS).
import { AwsServiceError, type LocalAwsEndpoint } from './aws-endpoint.ts';
import { ExecutionAlreadyExistsError, type LocalStepFunctions } from './step-functions.ts';

interface ScheduleInput {
  GroupName?: string;
  ScheduleExpression: string;
  Target: { Arn: string; Input?: string };
}

export interface LocalSchedule {
  name: string;
  group: string;
  at: Date;
  input: { StateMachineArn: string; Name: string; Input: string };
}

export interface LocalScheduler {
  schedules(): LocalSchedule[];
  /**
   * Tests' clock: fires now every schedule due by `time`, as if the clock had reached it — so a
   * test need not wait for a real moment (and never races one).
   */
  fireDueBy(time: Date): number;
  stop(): void;
}

const parseAt = (expression: string): Date => {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (!match)
    throw new AwsServiceError('ValidationException', `Only one-time at() schedules are emulated: ${expression}`);
  return new Date(`${match[1]}Z`);
};

/**
 * Scheduler starts a one-time schedule within the minute of its time: an `at()` less than this
 * ahead when it arrives may already be past when evaluated, and is then dropped. Emulated strictly:
 * such a schedule is kept (as AWS lists it) and never fires.
 */
export const NEAR_NOW_DROPPED_MS = 60_000;

/** Node's timers hold at most ~24.8 days: longer waits are re-armed in steps until the time comes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
function armUntil(entry: { at: Date; timer: NodeJS.Timeout | undefined }, action: () => void): void {
  const remaining = entry.at.getTime() - Date.now();
  entry.timer = setTimeout(
    () => (remaining > MAX_TIMER_MS ? armUntil(entry, action) : action()),
    Math.max(0, Math.min(remaining, MAX_TIMER_MS)),
  );
  entry.timer.unref();
}

export function serveScheduler(endpoint: LocalAwsEndpoint, sfn: LocalStepFunctions): LocalScheduler {
  const schedules = new Map<string, LocalSchedule & { fires: boolean; timer: NodeJS.Timeout | undefined }>();
  const key = (group: string, name: string) => `${group}/${name}`;

  const fire = (schedule: LocalSchedule) => {
    schedules.delete(key(schedule.group, schedule.name)); // ActionAfterCompletion: DELETE
    try {
      sfn.startExecution({ name: schedule.input.Name, input: JSON.parse(schedule.input.Input) });
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExistsError))
        process.stderr.write(`local scheduler: ${(error as Error).message}\n`);
    }
  };

  const put = (name: string, body: ScheduleInput, mustExist: boolean) => {
    const group = body.GroupName ?? 'default';
    const existing = schedules.get(key(group, name));
    if (mustExist && !existing)
      throw new AwsServiceError('ResourceNotFoundException', `Schedule ${name} does not exist`);
    if (!mustExist && existing) throw new AwsServiceError('ConflictException', `Schedule ${name} already exists`);
    if (body.Target.Arn !== 'arn:aws:scheduler:::aws-sdk:sfn:startExecution') {
      throw new AwsServiceError('ValidationException', `Only the sfn:startExecution universal target is emulated`);
    }
    if (existing) clearTimeout(existing.timer);
    const schedule: LocalSchedule = {
      name,
      group,
      at: parseAt(body.ScheduleExpression),
      input: JSON.parse(body.Target.Input ?? '{}'),
    };
    const fires = schedule.at.getTime() > Date.now() + NEAR_NOW_DROPPED_MS;
    const entry = { ...schedule, fires, timer: undefined as NodeJS.Timeout | undefined };
    if (fires) armUntil(entry, () => fire(schedule));
    schedules.set(key(group, name), entry);
    return { ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/${group}/${name}` };
  };

  const path = /^\/schedules\/([^/]+)$/;
  endpoint.rest('POST', path, (m, body: ScheduleInput) => put(decodeURIComponent(m[1]!), body, false));
  endpoint.rest('PUT', path, (m, body: ScheduleInput) => put(decodeURIComponent(m[1]!), body, true));
  endpoint.rest('DELETE', path, (m, _body, url) => {
    const group = url.searchParams.get('groupName') ?? 'default';
    const existing = schedules.get(key(group, decodeURIComponent(m[1]!)));
    if (!existing) throw new AwsServiceError('ResourceNotFoundException', 'No such schedule');
    clearTimeout(existing.timer);
    schedules.delete(key(group, existing.name));
    return {};
  });
  const listed = () => [...schedules.values()].map(({ timer: _, fires: __, ...s }) => s);
  endpoint.get('/local/schedules', () => ({ schedules: listed() }));

  return {
    schedules: listed,
    fireDueBy: (time) => {
      const due = [...schedules.values()].filter((s) => s.fires && s.at.getTime() <= time.getTime());
      for (const { timer, fires: _, ...schedule } of due) {
        clearTimeout(timer);
        fire(schedule);
      }
      return due.length;
    },
    stop: () => schedules.forEach((s) => clearTimeout(s.timer)),
  };
}
