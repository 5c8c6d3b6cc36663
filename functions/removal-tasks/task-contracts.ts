// The removal workflow's typed contract: for every task Lambda (by its id in catalog.ts, which
// names its ASL substitution `${<id>FunctionArn}`), the input its state's Parameters send and the
// output its ResultSelector picks from. Handlers are built from these (task-middleware.ts checks
// both ends at run time) and test/workflow/task-contract.test.ts checks the ASL against them.
import type * as z from 'zod';
import type { REMOVAL_TASK_FUNCTIONS } from './catalog.ts';
import {
  AwaitDecisionInputSchema,
  BatchInputSchema,
  CommittedInputSchema,
  CompleteInputSchema,
  FailureInputSchema,
  PlanInputSchema,
  RequestInputSchema,
} from './task-inputs.ts';
import {
  AuthorizeOutputSchema,
  AwaitDecisionOutputSchema,
  BatchOutputSchema,
  CompleteOutputSchema,
  FailureOutputSchema,
  PlanOutputSchema,
} from './task-outputs.ts';

export interface TaskContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

type TaskId = (typeof REMOVAL_TASK_FUNCTIONS)[number]['id'];

export const TASK_CONTRACTS = {
  AuthorizeRemoval: { input: RequestInputSchema, output: AuthorizeOutputSchema },
  PlanReassignment: { input: PlanInputSchema, output: PlanOutputSchema },
  AwaitDecision: { input: AwaitDecisionInputSchema, output: AwaitDecisionOutputSchema },
  ReassignBatch: { input: BatchInputSchema, output: BatchOutputSchema },
  // "Remove the user", and "Rebuild UserRemoved after the commit" when its step failed after the commit.
  CompleteRemoval: { input: CompleteInputSchema.or(CommittedInputSchema), output: CompleteOutputSchema },
  RecordRemovalFailure: { input: FailureInputSchema, output: FailureOutputSchema },
} satisfies Record<TaskId, TaskContract>;
