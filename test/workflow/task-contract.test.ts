// R10 The workflow's typed contract: every Task state of the deployed ASL sends exactly what its
// Lambda's input schema takes, picks from its result only what the output schema promises, and
// passes on only state that some later step reads; every Retry block is one of two policies, so
// the nine copies cannot drift apart. Static checks of the ASL file itself (no execution).
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readUserRemovalDefinition } from '../../statemachines/user-removal.ts';
import { functionArnKey, REMOVAL_TASK_FUNCTIONS } from '#functions/removal-tasks/catalog.ts';
import { TASK_CONTRACTS, type TaskContract } from '#functions/removal-tasks/task-contracts.ts';
import { LAMBDA_TASK_RETRY, PUT_EVENTS_RETRY } from '../../statemachines/retry-policies.ts';

type State = Record<string, any>;
const definition = JSON.parse(readUserRemovalDefinition()) as { States: Record<string, State> };

/** Every state, the Map's item processor included, by name. */
function allStates(states: Record<string, State> = definition.States): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.Type === 'Map' ? allStates((state.ItemProcessor ?? state.Iterator).States) : []),
  ]);
}
const lambdaTasks = allStates().filter(([, s]) => s.Type === 'Task' && String(s.Resource).includes(':lambda:invoke'));

const contractOf = (state: State): TaskContract => {
  const task = REMOVAL_TASK_FUNCTIONS.find((t) => state.Parameters.FunctionName === `\${${functionArnKey(t)}}`);
  if (!task) throw new Error(`no task function for ${state.Parameters.FunctionName}`);
  return TASK_CONTRACTS[task.id];
};

/** The field names an object schema (or each member of a union of them) takes. */
function shapesOf(schema: z.ZodType): { keys: string[]; required: string[] }[] {
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap(shapesOf);
  if (schema instanceof z.ZodObject) {
    const keys = Object.keys(schema.shape);
    return [{ keys, required: keys.filter((k) => !(schema.shape[k] as z.ZodType).safeParse(undefined).success) }];
  }
  throw new Error('a task schema must be an object or a union of objects');
}
const fieldNames = (object: Record<string, unknown>) => Object.keys(object).map((k) => k.replace(/\.\$$/, ''));

describe('R10 the removal workflow contract', () => {
  it('binds every lambda Task to a task function with a contract', () => {
    expect(lambdaTasks.map(([name]) => name)).toHaveLength(7);
    for (const [, state] of lambdaTasks) expect(contractOf(state)).toBeDefined();
  });

  it.each(lambdaTasks)('"%s" sends exactly the fields its input schema takes', (_, state) => {
    const sent = fieldNames(state.Parameters.Payload).sort();
    const matching = shapesOf(contractOf(state).input).filter(
      ({ keys, required }) => sent.every((k) => keys.includes(k)) && required.every((k) => sent.includes(k)),
    );
    expect(matching, `payload ${sent.join(', ')}`).not.toHaveLength(0);
  });

  it.each(lambdaTasks.filter(([, s]) => s.ResultSelector))(
    '"%s" selects only what its output schema promises',
    (_, state) => {
      const promised = shapesOf(contractOf(state).output).flatMap((s) => s.keys);
      for (const [field, path] of Object.entries(state.ResultSelector as Record<string, string>)) {
        expect(field.endsWith('.$')).toBe(true);
        const picked = /^\$\.Payload\.([A-Za-z]+)$/.exec(path)?.[1];
        expect(promised, `${field} ← ${path}`).toContain(picked);
      }
    },
  );

  it('passes on no state that nothing reads (each selected or started field is read by a later path)', () => {
    const asl = JSON.stringify(definition);
    const placed: string[] = [];
    for (const [, state] of allStates()) {
      if (state.ResultSelector && typeof state.ResultPath === 'string') {
        for (const field of fieldNames(state.ResultSelector)) placed.push(`${state.ResultPath}.${field}`);
      }
    }
    const start = definition.States['Start the removal']!.Parameters;
    for (const [field, value] of Object.entries(start as Record<string, unknown>)) {
      if (value && typeof value === 'object')
        for (const sub of fieldNames(value as Record<string, unknown>)) placed.push(`$.${field}.${sub}`);
    }
    // Read: some expression names the path (or something inside it), or a Payload hands over the
    // whole object to an input schema that takes the field.
    const namedInAsl = (path: string) => new RegExp(`"${path.replace(/[.$]/g, '\\$&')}(["\\.\\[])`).test(asl);
    const handedWhole = (path: string) => {
      const parent = path.slice(0, path.lastIndexOf('.'));
      const field = path.slice(path.lastIndexOf('.') + 1);
      return lambdaTasks.some(([, state]) =>
        Object.entries(state.Parameters.Payload as Record<string, unknown>).some(
          ([key, value]) =>
            value === parent &&
            inputFieldShapes(contractOf(state).input, key.replace(/\.\$$/, '')).some((shape) => field in shape),
        ),
      );
    };
    const unread = placed.filter(
      (path) => !FOR_THE_EXECUTION_HISTORY.includes(path) && !namedInAsl(path) && !handedWhole(path),
    );
    expect(unread).toEqual([]);
  });

  it('retries every Lambda task with one policy and every putEvents task with another', () => {
    const tasks = allStates().filter(([, s]) => s.Type === 'Task');
    const events = tasks.filter(([, s]) => String(s.Resource).endsWith(':events:putEvents'));
    expect(tasks).toHaveLength(lambdaTasks.length + events.length);
    for (const [name, state] of lambdaTasks) expect(state.Retry, name).toEqual([LAMBDA_TASK_RETRY]);
    for (const [name, state] of events) expect(state.Retry, name).toEqual([PUT_EVENTS_RETRY]);
    expect(events.map(([name]) => name)).toEqual(['Publish UserRemoved', 'Publish RemovalFailed']);
  });

  it('R13 retries every transient error Step Functions documents for lambda:invoke, the invoke timing out included', () => {
    // "Handle transient Lambda service exceptions" (Step Functions developer guide), and the
    // client-side timeout of the invoke itself, which a busy Lambda service raises at scale.
    expect(LAMBDA_TASK_RETRY.ErrorEquals).toEqual(
      expect.arrayContaining([
        'Lambda.ServiceException',
        'Lambda.AWSLambdaException',
        'Lambda.SdkClientException',
        'Lambda.TooManyRequestsException',
        'Lambda.ClientExecutionTimeoutException',
      ]),
    );
  });
});

/** Fields kept in the state for people reading the execution history, not for a later step. */
const FOR_THE_EXECUTION_HISTORY = ['$.plan.scanned'];

/** The object shapes a schema (or each member of a union) takes in its field `key`, unwrapped. */
function inputFieldShapes(schema: z.ZodType, key: string): Record<string, unknown>[] {
  const members = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [schema];
  return members.flatMap((member) => {
    const field = member instanceof z.ZodObject ? (member.shape[key] as z.ZodType | undefined) : undefined;
    const inner = field && unwrapObject(field);
    return inner ? [inner.shape] : [];
  });
}

/** The object schema inside optional/nullable wrappers, if any. */
function unwrapObject(schema: z.ZodType): z.ZodObject | undefined {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return unwrapObject(schema.unwrap() as z.ZodType);
  return undefined;
}
