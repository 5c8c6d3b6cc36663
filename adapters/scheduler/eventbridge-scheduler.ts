// EventBridge Scheduler one-time schedules, one per scheduled removal (named by its removalId),
// whose universal target starts the state machine with execution name = removalId (R10) at the
// effective time. Deleted after they fire.
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { LazyClient } from '../clients.ts';
import { sdk } from '../sdk-modules.ts';
import { workflowInputOf, type RemovalRequest } from '#core/model/index.ts';
import { canonicalJson } from '#core/model/canonical-json.ts';
import type { RemovalScheduler } from '#core/ports.ts';

export interface SchedulerSettings {
  groupName: string;
  roleArn: string;
  stateMachineArn: string;
  /** Where a start that fails past the retries goes (AWS: an alarmed queue; absent locally). */
  deadLetterArn?: string | undefined;
}

/**
 * `at()` wants local date-time without zone or fraction; the zone is given separately. A fraction
 * is rounded up to the next second: a removal never starts before its effectiveAt.
 */
export const atExpression = (iso: string) =>
  `at(${new Date(Math.ceil(new Date(iso).getTime() / 1000) * 1000).toISOString().slice(0, 19)})`;

export class EventBridgeRemovalScheduler implements RemovalScheduler {
  constructor(
    private readonly client: LazyClient<SchedulerClient>,
    private readonly settings: SchedulerSettings,
  ) {}

  async schedule(request: RemovalRequest, effectiveAt: string): Promise<void> {
    const definition = {
      Name: request.removalId,
      GroupName: this.settings.groupName,
      ScheduleExpression: atExpression(effectiveAt),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      ActionAfterCompletion: 'DELETE' as const,
      Target: {
        Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
        RoleArn: this.settings.roleArn,
        Input: JSON.stringify({
          StateMachineArn: this.settings.stateMachineArn,
          Name: request.removalId,
          Input: canonicalJson(workflowInputOf(request)),
        }),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        ...(this.settings.deadLetterArn ? { DeadLetterConfig: { Arn: this.settings.deadLetterArn } } : {}),
      },
    };
    const [{ CreateScheduleCommand, UpdateScheduleCommand }, client] = await Promise.all([
      sdk.scheduler(),
      this.client(),
    ]);
    try {
      await client.send(new CreateScheduleCommand(definition));
    } catch (error) {
      if ((error as Error).name !== 'ConflictException') throw error;
      await client.send(new UpdateScheduleCommand(definition));
    }
  }

  async cancel(removalId: string): Promise<void> {
    const [{ DeleteScheduleCommand }, client] = await Promise.all([sdk.scheduler(), this.client()]);
    try {
      await client.send(new DeleteScheduleCommand({ Name: removalId, GroupName: this.settings.groupName }));
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    }
  }
}
