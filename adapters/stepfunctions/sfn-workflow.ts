// Starts the user-removal state machine in AWS, and resumes executions waiting for a decision. The execution name is the removalId, so a retried
// start never makes a second execution (R10): an existing one with the same name is success.
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { RemovalRequest } from '#core/model/index.ts';
import type { Decision, RemovalWorkflow } from '#core/ports.ts';

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
          input: JSON.stringify(request),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  async sendDecision(taskToken: string, decision: Decision): Promise<void> {
    await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
  }

  async failWait(taskToken: string, error: string, cause: string): Promise<void> {
    await this.client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  }
}
