// Input schemas of the removal workflow's task Lambdas: what each state's Parameters send.
import { z } from 'zod';
import {
  PlanBatchSchema,
  ReassignmentRequestSchema,
  RemovalRequestSchema,
  ResourceRefSchema,
} from '#core/model/index.ts';

export const RequestInputSchema = z.object({ request: RemovalRequestSchema });
export type RequestInput = z.infer<typeof RequestInputSchema>;

export const UserInputSchema = z.object({ accountId: z.string().min(1), userId: z.string().min(1) });

export const PlanInputSchema = z.object({
  request: RemovalRequestSchema,
  ownership: z.object({ owned: z.array(ResourceRefSchema), memberships: z.array(ResourceRefSchema) }),
  execution: z.object({ startedAt: z.string() }),
  rounds: z.object({ count: z.number().int().min(0) }),
  decision: z
    .object({ reassignTo: z.string().optional(), reassignments: z.array(ReassignmentRequestSchema).optional() })
    .nullable(),
});

export const AwaitDecisionInputSchema = z.object({ request: RemovalRequestSchema, taskToken: z.string().min(1) });

export const BatchInputSchema = z.object({
  removalId: z.string().min(1),
  batchKey: z.string().min(1),
  batch: PlanBatchSchema.nullable(),
});

export const FailureInputSchema = z.object({
  request: RemovalRequestSchema,
  error: z.object({ Error: z.string(), Cause: z.string().optional() }),
});
