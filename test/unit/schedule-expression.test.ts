// R11 a scheduled removal never starts before its effectiveAt: EventBridge Scheduler's at() takes
// whole seconds, so a fraction rounds up, never down.
import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { atExpression, EventBridgeRemovalScheduler } from '#adapters/scheduler/eventbridge-scheduler.ts';
import { canonicalJson } from '#core/model/canonical-json.ts';
import { workflowInputOf } from '#core/model/index.ts';

describe('R11 one-time schedules start at or after effectiveAt', () => {
  it('rounds a fraction of a second up, and keeps a whole second as it is', () => {
    expect(atExpression('2026-12-03T10:00:00.001Z')).toBe('at(2026-12-03T10:00:01)');
    expect(atExpression('2026-12-03T10:00:59.999Z')).toBe('at(2026-12-03T10:01:00)');
    expect(atExpression('2026-12-03T10:00:00.000Z')).toBe('at(2026-12-03T10:00:00)');
    expect(atExpression('2026-12-03T12:00:00.500+02:00')).toBe('at(2026-12-03T10:00:01)');
  });
});

describe('R11 a removal schedule that cannot start its removal is never silently lost', () => {
  const request = {
    removalId: 'r-1',
    accountId: 'acme',
    userId: 'u-dan',
    requestedBy: { type: 'HR_SYSTEM' as const, id: 'hr' },
    requestedAt: '2026-12-01T00:00:00.000Z',
    reason: 'Left',
  };

  it('gives the target a dead-letter queue when one is configured, and the workflow input in canonical JSON', async () => {
    const scheduler = mockClient(SchedulerClient);
    scheduler.on(CreateScheduleCommand).resolves({});
    const adapter = new EventBridgeRemovalScheduler(async () => new SchedulerClient({}), {
      groupName: 'offboard-removals',
      roleArn: 'arn:aws:iam::123456789012:role/scheduler',
      stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:user-removal',
      deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:schedule-dead-letters',
    });

    await adapter.schedule(request, '2026-12-08T09:00:00.000Z');

    const sent = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(sent.Target?.DeadLetterConfig).toEqual({ Arn: 'arn:aws:sqs:eu-west-1:123456789012:schedule-dead-letters' });
    // The same string the overdue sweep's start sends: a start of the same execution, not a clash.
    expect(JSON.parse(sent.Target!.Input!).Input).toBe(canonicalJson(workflowInputOf(request)));
    scheduler.restore();
  });
});
