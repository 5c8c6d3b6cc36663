// Local Step Functions: runs the deployed ASL file with aws-local-stepfunctions, binding every
// `lambda:invoke` Task to the same handler module its Lambda runs and every `events:putEvents`
// Task to a real EventBridge SDK call against the local bus. Execution names are unique, as in
// AWS, so starting the same removalId twice never makes a second execution (R10). The emulator has
// no task tokens: `lambda:invoke.waitForTaskToken` Tasks are bridged here (a token per run in the
// context object, a waiter released by SendTaskSuccess/SendTaskFailure on the local endpoint).
import './polyfills.ts';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { ExecutionAbortedError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { functionArnKey, REMOVAL_TASK_FUNCTIONS, type TaskFunction } from '#functions/removal-tasks/catalog.ts';
import { readUserRemovalDefinition, substitute } from '../statemachines/user-removal.ts';
import { AwsServiceError, type LocalAwsEndpoint } from './aws-endpoint.ts';
import { lambdaContext } from './lambda-context.ts';
import { awsHistoryEventsOf, MAX_HISTORY_EVENTS } from './history-events.ts';

export { MAX_HISTORY_EVENTS };

const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const LOCAL_ACCOUNT = '000000000000';

type Json = ReturnType<typeof JSON.parse>;
type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;
type AslState = {
  Type: string;
  Resource?: string;
  ItemProcessor?: { States: Record<string, AslState> };
  Retry?: unknown[];
};

/** The emulator's history events, as far as we read them. */
export interface EventLog {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  index?: number;
  Error?: string;
  Cause?: unknown;
  retry?: { attempt: number };
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface LocalExecution {
  name: string;
  executionArn: string;
  input: Json;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: Json;
  error?: string;
  cause?: string;
  /** Every history event so far (StateEntered, StateRetried, …). */
  history: EventLog[];
  /** The events AWS would have written into this execution's history so far (its limit is 25,000). */
  awsHistoryEvents: number;
  /** Settles when the execution stops; never rejects. */
  done: Promise<LocalExecution>;
  abort(): void;
}

export class ExecutionAlreadyExistsError extends Error {
  override readonly name = 'ExecutionAlreadyExists';
}

export interface LocalStepFunctionsOptions {
  region: string;
  eventBusName: string;
  eventBridge: EventBridgeClient;
  /** Replaces every Retry interval (ms): tests keep backoff short; the real runtime leaves it unset. */
  retryIntervalMs?: number;
  /** Called for every history event of every execution (progress printing). */
  onEvent?: (execution: LocalExecution, event: EventLog) => void;
  /**
   * Scales the waits for people (every waitForTaskToken state's TimeoutSeconds) and the
   * execution-level TimeoutSeconds by the same factor, so a test sees a 7-day wait end in seconds
   * while the two keep the ratio they have in AWS: an execution limit shorter than a wait times
   * the execution out first, here as there.
   */
  longWaitScale?: number;
  /**
   * Fault injection: task functions to invoke twice per Task attempt, as Lambda's at-least-once
   * invocation may (the second result is the one returned).
   */
  invokeTwice?: (taskId: string) => boolean;
  /**
   * Fault injection: called when a Task starts its work (`taskId`, or `PutEvents:<DetailType>`);
   * throwing there stops the task before it does anything — e.g. a crash between two states.
   */
  onTaskStart?: (taskId: string, payload: unknown) => void;
  /** Step Functions' history limit (MAX_HISTORY_EVENTS); tests lower it to reach it quickly. */
  maxHistoryEvents?: number;
  /**
   * Each task function's reserved concurrency (the stack's RemovalTaskConcurrency): an invocation
   * beyond it is throttled as Lambda throttles it, `Lambda.TooManyRequestsException`, which the
   * Tasks retry. Unset: the account's pool, never throttled here.
   */
  reservedConcurrency?: number;
}

interface TokenWaiter {
  resolve: (output: Json) => void;
  reject: (error: Error) => void;
}

const functionArn = (region: string, task: TaskFunction) =>
  `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:offboard-${task.id}`;

/** The values the local runtime substitutes for the definition's `${Token}`s. */
export const localSubstitutions = (region: string, eventBusName: string): Record<string, string> => ({
  ...Object.fromEntries(REMOVAL_TASK_FUNCTIONS.map((task) => [functionArnKey(task), functionArn(region, task)])),
  EventBusName: eventBusName,
});

/** Step Functions' limit on an execution's input and on every state's input and output (UTF-8). */
export const MAX_STATE_BYTES = 256 * 1024;
const jsonBytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8'));

const lambdaError = (error: unknown): Error => {
  const source = error instanceof Error ? error : new Error(String(error));
  // As in AWS: Error is the errorType, Cause a JSON document with errorMessage.
  const surfaced = new Error(JSON.stringify({ errorType: source.name, errorMessage: source.message }));
  surfaced.name = source.name;
  return surfaced;
};

export class LocalStepFunctions {
  readonly stateMachineArn: string;
  private readonly definition: { States: Record<string, AslState> } & Record<string, unknown>;
  private readonly executions = new Map<string, LocalExecution>();
  /** Tasks that wait for a callback (their attempts write TaskSubmitted too). */
  private readonly waitingStates = new Set<string>();
  /** Invocations in flight per task function (for reservedConcurrency). */
  private readonly inFlight = new Map<string, number>();
  /** Invocations refused for the reserved concurrency, per task function. */
  readonly throttled = new Map<string, number>();
  private readonly handlers = new Map<string, Promise<LambdaHandler>>();
  /** Each Task state's handler, given the execution it runs in. */
  private readonly taskHandlers: Record<string, (input: Json, executionArn: string) => Promise<Json>> = {};
  private readonly retryableStates: string[] = [];
  /** Executions waiting on a task token (the emulator has none: the runtime bridges them). */
  private readonly waiters = new Map<string, TokenWaiter>();

  static arnFor(region: string): string {
    return `arn:aws:states:${region}:${LOCAL_ACCOUNT}:stateMachine:user-removal`;
  }

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.stateMachineArn = LocalStepFunctions.arnFor(options.region);
    const deployed = JSON.parse(
      substitute(readUserRemovalDefinition(), localSubstitutions(options.region, options.eventBusName)),
    );
    // Validated as deployed; what runs may have its long waits scaled (fractions of a second).
    new StateMachine(deployed, { validationOptions: { checkArn: false } });
    this.definition = options.longWaitScale === undefined ? deployed : scaleLongWaits(deployed, options.longWaitScale);
    this.bindTasks(this.definition.States);
  }

  /** StartExecution: a second start with the same name returns the first execution (same input) or fails. */
  startExecution({ name, input }: { name: string; input: Json }): LocalExecution {
    if (jsonBytes(input) > MAX_STATE_BYTES)
      throw new AwsServiceError('ValidationException', `The execution input is over ${MAX_STATE_BYTES} bytes`);
    const existing = this.executions.get(name);
    if (existing) {
      if (JSON.stringify(existing.input) === JSON.stringify(input)) return existing;
      throw new ExecutionAlreadyExistsError(`Execution ${name} already exists with a different input`);
    }
    return this.run(name, input);
  }

  /**
   * RedriveExecution for a FAILED or ABORTED execution: as in AWS, it resumes at the top-level
   * state that did not finish, with the input that state was given and the original start time
   * (so plan ids stay the same); states that completed are not run again.
   */
  redriveExecution(name: string): LocalExecution {
    const previous = this.executions.get(name);
    if (!previous) throw new Error(`No execution named ${name}`);
    if (previous.status === 'RUNNING' || previous.status === 'SUCCEEDED') {
      throw new Error(`Execution ${name} is ${previous.status} and cannot be redriven`);
    }
    const topLevel = previous.history.filter((e) => e.index === undefined && e.state);
    const unfinished = [...topLevel]
      .reverse()
      .find(
        (e) =>
          e.type === 'StateEntered' &&
          !topLevel.some(
            (x) => x.type === 'StateExited' && x.timestamp >= e.timestamp && x.state?.name === e.state?.name,
          ),
      );
    if (!unfinished?.state) return this.run(name, previous.input, { startDate: previous.startDate });
    return this.run(name, previous.input, {
      startDate: previous.startDate,
      startAt: unfinished.state.name,
      stateInput: unfinished.state.input as Json,
    });
  }

  describeExecution(name: string): LocalExecution | undefined {
    return this.executions.get(name);
  }

  listExecutions(): LocalExecution[] {
    return [...this.executions.values()];
  }

  /** Aborts every running execution (on shutdown). */
  abortAll(): void {
    this.executions.forEach((e) => e.status === 'RUNNING' && e.abort());
  }

  private run(
    name: string,
    input: Json,
    redrive: { startDate: Date; startAt?: string; stateInput?: Json } | undefined = undefined,
  ): LocalExecution {
    const executionArn = `arn:aws:states:${this.options.region}:${LOCAL_ACCOUNT}:execution:user-removal:${name}`;
    const startDate = redrive?.startDate ?? new Date();
    const definition = redrive?.startAt ? { ...this.definition, StartAt: redrive.startAt } : this.definition;
    // Validated once, as deployed, in the constructor (a redrive's mid-way start leaves earlier
    // states unreachable, and scaled timeouts are fractional).
    const machine = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
    const retryIntervalOverrides =
      this.options.retryIntervalMs === undefined
        ? undefined
        : Object.fromEntries(this.retryableStates.map((state) => [state, this.options.retryIntervalMs as number]));
    let abortRun = () => {};
    // Step Functions' 256 KiB limit on every state's input and output, and on what a task is given
    // and returns: exceeding it fails the execution with States.DataLimitExceeded, which no Catch
    // (not even States.ALL) handles. The emulator has no such limit, so it is enforced here.
    let dataLimitExceeded: string | undefined;
    // Step Functions' 25,000-event history limit fails the execution, and no Catch sees it either.
    let historyLimitExceeded: string | undefined;
    const maxHistoryEvents = this.options.maxHistoryEvents ?? MAX_HISTORY_EVENTS;
    const withinDataLimit = (what: string, value: unknown) => {
      const bytes = jsonBytes(value);
      if (bytes <= MAX_STATE_BYTES) return;
      dataLimitExceeded ??= `${what} is ${bytes} bytes, over Step Functions' ${MAX_STATE_BYTES}`;
      abortRun();
      throw Object.assign(new Error(dataLimitExceeded), { name: 'States.DataLimitExceeded' });
    };

    const run = machine.run(redrive?.stateInput ?? input, {
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(
          Object.entries(this.taskHandlers).map(([state, handle]) => [
            state,
            async (input: Json) => {
              withinDataLimit(`The input of task "${state}"`, input);
              const output = await handle(input, executionArn);
              withinDataLimit(`The result of task "${state}"`, output);
              return output;
            },
          ]),
        ) as never,
        ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
      },
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: startDate.toISOString(), Input: input, RoleArn: 'local' },
        // One token per run: an execution waits at one place at a time.
        Task: { Token: `local-token:${name}:${randomUUID()}` },
        StateMachine: { Id: this.stateMachineArn, Name: 'user-removal' },
      },
    });

    abortRun = () => run.abort();
    const execution: LocalExecution = {
      name,
      executionArn,
      input,
      status: 'RUNNING',
      startDate,
      history: [],
      awsHistoryEvents: 1, // ExecutionStarted
      done: Promise.resolve(undefined as never),
      abort: () => run.abort(),
    };
    const recordHistory = (async () => {
      for await (const event of run.eventLogs) {
        execution.history.push(event as EventLog);
        execution.awsHistoryEvents += awsHistoryEventsOf(event as EventLog, (name) => this.waitingStates.has(name));
        if (execution.awsHistoryEvents > maxHistoryEvents && !historyLimitExceeded) {
          historyLimitExceeded = `The execution wrote more than ${maxHistoryEvents} history events`;
          abortRun();
        }
        this.options.onEvent?.(execution, event as EventLog);
        const { type, state } = event as EventLog;
        try {
          if (type === 'StateEntered') withinDataLimit(`The input of state "${state?.name}"`, state?.input);
          if (type === 'StateExited') withinDataLimit(`The output of state "${state?.name}"`, state?.output);
        } catch {
          // Recorded; the run was aborted.
        }
      }
    })();
    execution.done = run.result
      .then((output) => Object.assign(execution, { status: 'SUCCEEDED' as const, output }))
      .catch((error: Error & { cause?: unknown }) => {
        // As in AWS: the execution-level TimeoutSeconds ends it TIMED_OUT, and no Catch sees it.
        if (error instanceof ExecutionTimeoutError)
          return Object.assign(execution, {
            status: 'TIMED_OUT' as const,
            error: 'States.Timeout',
            cause: 'The execution ran longer than its TimeoutSeconds',
          });
        if (dataLimitExceeded)
          return Object.assign(execution, {
            status: 'FAILED' as const,
            error: 'States.DataLimitExceeded',
            cause: dataLimitExceeded,
          });
        if (historyLimitExceeded)
          return Object.assign(execution, {
            status: 'FAILED' as const,
            error: 'States.Runtime',
            cause: historyLimitExceeded,
          });
        const aborted = error instanceof ExecutionAbortedError;
        const failure = (error.cause as Error | undefined) ?? error;
        return Object.assign(execution, {
          status: aborted ? ('ABORTED' as const) : ('FAILED' as const),
          error: aborted ? undefined : failure.name,
          cause: aborted ? undefined : failure.message,
        });
      })
      .then(async (settled) => {
        settled.stopDate = new Date();
        this.forgetWaiters(name);
        await recordHistory.catch(() => undefined);
        return settled;
      });
    this.executions.set(name, execution);
    return execution;
  }

  private bindTasks(states: Record<string, AslState>): void {
    for (const [stateName, state] of Object.entries(states)) {
      if (state.Retry) this.retryableStates.push(stateName);
      if (state.ItemProcessor) this.bindTasks(state.ItemProcessor.States);
      if (state.Type !== 'Task') continue;
      if (state.Resource === 'arn:aws:states:::lambda:invoke')
        this.taskHandlers[stateName] = (input) => this.invokeLambda(input);
      else if (state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        this.waitingStates.add(stateName);
        this.taskHandlers[stateName] = (input) => this.invokeAndWait(input);
      } else if (state.Resource === 'arn:aws:states:::events:putEvents')
        this.taskHandlers[stateName] = (input, executionArn) => this.putEvents(input, executionArn);
      else throw new Error(`State "${stateName}" uses ${state.Resource}, which the local runtime does not emulate`);
    }
  }

  private async invokeLambda({ FunctionName, Payload }: { FunctionName: string; Payload: unknown }): Promise<Json> {
    const task = REMOVAL_TASK_FUNCTIONS.find((t) => functionArn(this.options.region, t) === FunctionName);
    if (!task)
      throw Object.assign(new Error(`No local function ${FunctionName}`), { name: 'Lambda.ResourceNotFoundException' });
    const running = this.inFlight.get(task.id) ?? 0;
    if (this.options.reservedConcurrency !== undefined && running >= this.options.reservedConcurrency) {
      this.throttled.set(task.id, (this.throttled.get(task.id) ?? 0) + 1);
      throw Object.assign(new Error('Rate Exceeded.'), { name: 'Lambda.TooManyRequestsException' });
    }
    this.inFlight.set(task.id, running + 1);
    try {
      return await this.runTask(task, Payload);
    } finally {
      this.inFlight.set(task.id, (this.inFlight.get(task.id) ?? 1) - 1);
    }
  }

  private async runTask(task: TaskFunction, Payload: unknown): Promise<Json> {
    this.options.onTaskStart?.(task.id, Payload);
    const handler = await this.handlerOf(task);
    const context = lambdaContext(`offboard-${task.id}`, 60_000);

    try {
      // JSON in, JSON out: exactly what crosses the Lambda boundary in AWS.
      if (this.options.invokeTwice?.(task.id)) await handler(JSON.parse(JSON.stringify(Payload)), context);
      const result = await handler(JSON.parse(JSON.stringify(Payload)), context);
      return {
        ExecutedVersion: '$LATEST',
        StatusCode: 200,
        Payload: result === undefined ? null : JSON.parse(JSON.stringify(result)),
      };
    } catch (error) {
      throw lambdaError(error);
    }
  }

  /** Changes every task function's reserved concurrency from now on (the bench's bulk run sets a budget). */
  reserveConcurrency(limit: number | undefined): void {
    this.options.reservedConcurrency = limit;
  }

  /** SendTaskSuccess: resumes the execution waiting on the token with the output. */
  sendTaskSuccess(taskToken: string, output: Json): void {
    this.takeWaiter(taskToken).resolve(output);
  }

  /** SendTaskFailure: fails the waiting Task state with the error (catchable like any). */
  sendTaskFailure(taskToken: string, error: string, cause: string): void {
    this.takeWaiter(taskToken).reject(Object.assign(new Error(cause), { name: error }));
  }

  private takeWaiter(taskToken: string): TokenWaiter {
    const waiter = this.waiters.get(taskToken);
    if (!waiter) throw new AwsServiceError('TaskDoesNotExist', `No execution waits on ${taskToken}`);
    this.waiters.delete(taskToken);
    return waiter;
  }

  /**
   * `lambda:invoke.waitForTaskToken`: invoke, then wait for SendTaskSuccess/Failure. The state's
   * TimeoutSeconds is the emulator's (States.Timeout); afterwards the token is gone, as in AWS.
   */
  private async invokeAndWait(input: { FunctionName: string; Payload: { taskToken?: string } }): Promise<Json> {
    const token = input.Payload.taskToken;
    if (!token) throw new Error('A waitForTaskToken task must pass $$.Task.Token in its payload');
    const waiting = new Promise<Json>((resolve, reject) => this.waiters.set(token, { resolve, reject }));
    waiting.catch(() => undefined); // after a timeout nobody awaits it any more
    await this.invokeLambda(input);
    return await waiting;
  }

  /** Drops the waiters of an execution that stopped (timed out, failed, aborted): their tokens are invalid. */
  private forgetWaiters(name: string): void {
    for (const token of [...this.waiters.keys()])
      if (token.startsWith(`local-token:${name}:`)) this.waiters.delete(token);
  }

  /** `events:putEvents`: as the optimized integration does, appends the execution and state machine ARNs to Resources. */
  private async putEvents(
    { Entries }: { Entries: (Omit<PutEventsRequestEntry, 'Detail'> & { Detail: unknown })[] },
    executionArn: string,
  ): Promise<Json> {
    this.options.onTaskStart?.(`PutEvents:${Entries[0]?.DetailType}`, Entries[0]?.Detail);
    let out;
    try {
      out = await this.options.eventBridge.send(
        new PutEventsCommand({
          Entries: Entries.map((entry) => ({
            ...entry,
            Resources: [...(entry.Resources ?? []), executionArn, this.stateMachineArn],
            Detail: typeof entry.Detail === 'string' ? entry.Detail : JSON.stringify(entry.Detail),
          })),
        }),
      );
    } catch (error) {
      throw Object.assign(new Error((error as Error).message), { name: 'EventBridge.EventBridgeException' });
    }
    // As the service integration does: any failed entry fails the task (and Retry resends all).
    if ((out.FailedEntryCount ?? 0) > 0) {
      throw Object.assign(new Error(JSON.stringify(out.Entries)), { name: 'EventBridge.FailedEntry' });
    }
    return { Entries: out.Entries ?? [], FailedEntryCount: out.FailedEntryCount ?? 0 };
  }

  private handlerOf(task: TaskFunction): Promise<LambdaHandler> {
    let handler = this.handlers.get(task.id);
    if (!handler) {
      handler = import(pathToFileURL(path.join(REPO_ROOT, task.entry)).href).then(
        (module: { handler: LambdaHandler }) => module.handler,
      );
      this.handlers.set(task.id, handler);
    }
    return handler;
  }
}

/** The definition with its execution-level and waitForTaskToken TimeoutSeconds multiplied by `scale`. */
function scaleLongWaits<D extends { States: Record<string, AslState> } & Record<string, unknown>>(
  definition: D,
  scale: number,
): D {
  const scaled = structuredClone(definition) as D & { TimeoutSeconds?: number };
  if (scaled.TimeoutSeconds !== undefined) scaled.TimeoutSeconds *= scale;
  const visit = (states: Record<string, AslState & { TimeoutSeconds?: number }>) => {
    for (const state of Object.values(states)) {
      if (state.Resource?.endsWith('.waitForTaskToken') && state.TimeoutSeconds !== undefined)
        state.TimeoutSeconds *= scale;
      if (state.ItemProcessor) visit(state.ItemProcessor.States);
    }
  };
  visit(scaled.States);
  return scaled;
}

/** Serves StartExecution and DescribeExecution for the SFN SDK client (the API starts removals this way). */
export function serveStepFunctions(endpoint: LocalAwsEndpoint, sfn: LocalStepFunctions): void {
  const seconds = (date?: Date) => (date ? date.getTime() / 1000 : undefined);
  const nameOf = (executionArn: string) => executionArn.split(':').pop() ?? '';
  endpoint.operation(
    'AWSStepFunctions.StartExecution',
    (body: { stateMachineArn: string; name: string; input?: string }) => {
      if (body.stateMachineArn !== sfn.stateMachineArn)
        throw new AwsServiceError('StateMachineDoesNotExist', body.stateMachineArn);
      try {
        const execution = sfn.startExecution({ name: body.name, input: JSON.parse(body.input ?? '{}') });
        return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
      } catch (error) {
        if (error instanceof ExecutionAlreadyExistsError)
          throw new AwsServiceError('ExecutionAlreadyExists', error.message);
        throw error;
      }
    },
  );
  endpoint.operation('AWSStepFunctions.SendTaskSuccess', (body: { taskToken: string; output: string }) => {
    sfn.sendTaskSuccess(body.taskToken, JSON.parse(body.output));
    return {};
  });
  endpoint.operation(
    'AWSStepFunctions.SendTaskFailure',
    (body: { taskToken: string; error?: string; cause?: string }) => {
      sfn.sendTaskFailure(body.taskToken, body.error ?? 'States.TaskFailed', body.cause ?? '');
      return {};
    },
  );
  endpoint.operation('AWSStepFunctions.DescribeExecution', (body: { executionArn: string }) => {
    const execution = sfn.describeExecution(nameOf(body.executionArn));
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', body.executionArn);
    return {
      executionArn: execution.executionArn,
      stateMachineArn: sfn.stateMachineArn,
      name: execution.name,
      status: execution.status === 'SUCCEEDED' ? 'SUCCEEDED' : execution.status,
      startDate: seconds(execution.startDate),
      stopDate: seconds(execution.stopDate),
      input: JSON.stringify(execution.input),
      output: execution.output === undefined ? undefined : JSON.stringify(execution.output),
      error: execution.error,
      cause: execution.cause,
    };
  });
}
