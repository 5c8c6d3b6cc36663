// The removal workflow's task functions: one list that CDK deploys (one Lambda each, its ARN
// substituted into the ASL as `${<id>FunctionArn}`) and the local runtime binds (same module).
export interface TaskFunction {
  /** PascalCase id: CDK construct id and the ASL substitution key prefix. */
  id: string;
  /** Handler module, relative to the repository root. */
  entry: string;
  description: string;
  /** DynamoDB write actions it needs beyond reading (least privilege in CDK). */
  writes: readonly TableWrite[];
}

export type TableWrite = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'BatchWriteItem';

export const REMOVAL_TASK_FUNCTIONS = [
  {
    id: 'AuthorizeRemoval',
    entry: 'functions/removal-tasks/authorize-removal/handler.ts',
    description: 'R1–R4 re-checked; user → REMOVING with its API tokens revoked',
    writes: ['UpdateItem', 'PutItem'],
  },
  {
    id: 'PlanReassignment',
    entry: 'functions/removal-tasks/plan-reassignment/handler.ts',
    description: 'Query what the user owns; R4/R5 targets in transaction-sized batches',
    writes: ['BatchWriteItem', 'PutItem'],
  },
  {
    id: 'AwaitDecision',
    entry: 'functions/removal-tasks/await-decision/handler.ts',
    description: 'Removal waits for an admin decision (task token stored)',
    writes: ['UpdateItem'],
  },
  {
    id: 'ReassignBatch',
    entry: 'functions/removal-tasks/reassign-batch/handler.ts',
    description: 'One batch in one conditional transaction',
    writes: ['UpdateItem', 'PutItem', 'DeleteItem', 'ConditionCheckItem'],
  },
  {
    id: 'CompleteRemoval',
    entry: 'functions/removal-tasks/complete-removal/handler.ts',
    description: 'User REMOVED, seat released, adjustment recorded',
    writes: ['UpdateItem', 'PutItem', 'DeleteItem'],
  },
  {
    id: 'RecordRemovalFailure',
    entry: 'functions/removal-tasks/record-failure/handler.ts',
    description: 'Compensation: user restored, removal FAILED',
    writes: ['UpdateItem', 'PutItem'],
  },
] as const satisfies readonly TaskFunction[];

export const functionArnKey = (task: TaskFunction): string => `${task.id}FunctionArn`;
