// Output schemas of the removal workflow's task Lambdas: what each returns, and so what the
// state's ResultSelector may pick. Each handler's result is checked against its schema, and a test
// checks the ASL's Parameters and ResultSelectors against these and task-inputs.ts.
import * as z from 'zod';
import { BatchOutcomeSchema, PlanBatchSchema, RemovalSubjectSchema } from '#core/model/index.ts';
import { RemovalFailedDetailSchema } from '#core/events/removal-failed.ts';
import { UserRemovedDetailSchema } from '#core/events/user-removed.ts';

export const AuthorizeOutputSchema = z.object({
  /** Targets found ACTIVE now, not read again by Plan (at most 50; none when more were named). */
  checkedTargets: z.array(z.string()),
  subject: RemovalSubjectSchema,
});

export const PlanOutputSchema = z.object({
  batches: z.array(z.object({ batchKey: z.string().min(1), batch: PlanBatchSchema.nullable() })),
  needsDecision: z.boolean(),
  scanned: z.object({ owned: z.number().int().min(0), memberships: z.number().int().min(0) }),
});

export const AwaitDecisionOutputSchema = z.object({ awaiting: z.literal(true) });

export const BatchOutputSchema = z.object({ outcome: BatchOutcomeSchema, changes: z.number().int().min(0) });

export const CompleteOutputSchema = z.object({ detail: UserRemovedDetailSchema });

export const FailureOutputSchema = z.object({
  detail: RemovalFailedDetailSchema.nullable(),
  cancelled: z.boolean(),
  completed: z.boolean(),
});
