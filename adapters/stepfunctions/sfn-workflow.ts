// Starts the user-removal state machine in AWS, and resumes executions waiting for a decision. The execution name is the removalId, so a retried
// start never makes a second execution (R10): an existing one with the same name is success.
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { LazyClient } from '../clients.ts';
import { sdk } from '../sdk-modules.ts';
import { workflowInputOf, type RemovalRequest } from '#core/model/index.ts';
import { canonicalJson } from '#core/model/canonical-json.ts';
import type { DecisionMessage, RemovalWorkflow } from '#core/ports.ts';

export class StepFunctionsWorkflow implements RemovalWorkflow {
  constructor(
    private readonly client: LazyClient<SFNClient>,
    private readonly stateMachineArn: string,
  ) {}

  async start(request: RemovalRequest): Promise<void> {
    const [{ StartExecutionCommand }, client] = await Promise.all([sdk.sfn(), this.client()]);
    try {
      await client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: request.removalId,
          // Canonical: the schedule's target sends the same string, so whichever of it and the
          // overdue sweep starts the execution first, the other's start is the same request.
          input: canonicalJson(workflowInputOf(request)),
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    }
  }

  async sendDecision(taskToken: string, decision: DecisionMessage): Promise<'delivered' | 'wait-ended'> {
    const [{ SendTaskSuccessCommand }, client] = await Promise.all([sdk.sfn(), this.client()]);
    try {
      await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
      return 'delivered';
    } catch (error) {
      if (isEndedWait(error)) return 'wait-ended';
      throw error;
    }
  }

  async failWait(taskToken: string, error: string, cause: string): Promise<'delivered' | 'wait-ended'> {
    const [{ SendTaskFailureCommand }, client] = await Promise.all([sdk.sfn(), this.client()]);
    try {
      await client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
      return 'delivered';
    } catch (failure) {
      if (isEndedWait(failure)) return 'wait-ended';
      throw failure;
    }
  }
}

/** The token's wait is over (timed out, or its execution stopped): nothing is waiting to be told. */
const isEndedWait = (error: unknown) =>
  ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes((error as Error).name);
