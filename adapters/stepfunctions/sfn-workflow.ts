// Starts the user-removal state machine in AWS, and resumes executions waiting for a decision. The execution name is the removalId, so a retried
// start never makes a second execution (R10): an existing one with the same name is success.
import {
  ExecutionAlreadyExists,
  InvalidToken,
  TaskDoesNotExist,
  TaskTimedOut,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { workflowInputOf, type RemovalRequest } from '#core/model/index.ts';
import { canonicalJson } from '#core/model/canonical-json.ts';
import type { DecisionMessage, RemovalWorkflow } from '#core/ports.ts';

export class StepFunctionsWorkflow implements RemovalWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(request: RemovalRequest): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: request.removalId,
          // Canonical: the schedule's target sends the same string, so whichever of it and the
          // overdue sweep starts the execution first, the other's start is the same request.
          input: canonicalJson(workflowInputOf(request)),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  async sendDecision(taskToken: string, decision: DecisionMessage): Promise<'delivered' | 'wait-ended'> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
      return 'delivered';
    } catch (error) {
      if (isEndedWait(error)) return 'wait-ended';
      throw error;
    }
  }

  async failWait(taskToken: string, error: string, cause: string): Promise<'delivered' | 'wait-ended'> {
    try {
      await this.client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
      return 'delivered';
    } catch (failure) {
      if (isEndedWait(failure)) return 'wait-ended';
      throw failure;
    }
  }
}

/** The token's wait is over (timed out, or its execution stopped): nothing is waiting to be told. */
const isEndedWait = (error: unknown) =>
  error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken;
