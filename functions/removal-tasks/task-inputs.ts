// Input schemas of the removal workflow's task Lambdas: what each state's Parameters send.
import * as z from 'zod';
import {
  BatchOutcomeSchema,
  PlanBatchSchema,
  ReassignmentRequestSchema,
  RemovalRequestSchema,
  RemovalSubjectSchema,
} from '#core/model/index.ts';

export const RequestInputSchema = z.object({ request: RemovalRequestSchema });
export type RequestInput = z.infer<typeof RequestInputSchema>;

const RoundsSchema = z.object({ count: z.number().int().min(0) });

export const PlanInputSchema = z.object({
  request: RemovalRequestSchema,
  subject: RemovalSubjectSchema.optional(),
  checkedTargets: z.array(z.string()),
  execution: z.object({ startedAt: z.string() }),
  rounds: RoundsSchema,
  // An admin's decision: `recorded` when it is in the removal record (how the API sends it).
  decision: z
    .object({
      reassignTo: z.string().optional(),
      reassignments: z.array(ReassignmentRequestSchema).optional(),
      recorded: z.literal(true).optional(),
    })
    .nullable(),
});

export const AwaitDecisionInputSchema = z.object({ request: RemovalRequestSchema, taskToken: z.string().min(1) });

export const BatchInputSchema = z.object({
  removalId: z.string().min(1),
  batchKey: z.string().min(1),
  batch: PlanBatchSchema.nullable(),
});

export const CompleteInputSchema = z.object({
  request: RemovalRequestSchema,
  subject: RemovalSubjectSchema,
  rounds: RoundsSchema,
  batches: z.array(z.object({ batchKey: z.string().min(1), batch: PlanBatchSchema.nullable() })),
  outcomes: z.array(z.object({ outcome: BatchOutcomeSchema })),
});

/** "Publish the completed removal": the removal committed, its step failed after; the detail comes from the table. */
export const CommittedInputSchema = z.object({ request: RemovalRequestSchema, subject: RemovalSubjectSchema });

export const FailureInputSchema = z.object({
  request: RemovalRequestSchema,
  error: z.object({ Error: z.string(), Cause: z.string().optional() }),
});
