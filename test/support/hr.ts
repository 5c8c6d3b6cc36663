// Sending HR-system events to the local bus with the real EventBridge SDK client, as an HR
// integration would.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { LocalRuntime } from '#local/runtime.ts';
import { LOCAL_CREDENTIALS, LOCAL_HR_SENDER_CREDENTIALS } from '#local/ports.ts';

/**
 * Puts events on the local bus with the real SDK client, as a producer would; waits for their
 * deliveries. `as`: the principal's credentials — the trusted HR integration for the HR source,
 * offboard's own for its events (as the bus policy has it), or anyone else's.
 */
export async function putOnLocalBus(
  runtime: LocalRuntime,
  events: { source: string; detailType: string; detail: unknown; time?: Date }[],
  as: { accessKeyId: string; secretAccessKey: string } = events.every((e) => e.source === 'hr.system')
    ? LOCAL_HR_SENDER_CREDENTIALS
    : LOCAL_CREDENTIALS,
): Promise<void> {
  const client = new EventBridgeClient({
    endpoint: runtime.bus.endpoint,
    region: 'us-east-1',
    credentials: as,
  });
  try {
    const out = await client.send(
      new PutEventsCommand({
        Entries: events.map((e) => ({
          EventBusName: 'offboard',
          Source: e.source,
          DetailType: e.detailType,
          Detail: JSON.stringify(e.detail),
          ...(e.time ? { Time: e.time } : {}),
        })),
      }),
    );
    if (out.FailedEntryCount) throw new Error(JSON.stringify(out.Entries));
  } finally {
    client.destroy();
  }
  await runtime.bus.deliveries();
}

export function hrSender(runtime: () => LocalRuntime) {
  return (detailType: string, detail: Record<string, unknown>, time: Date) =>
    putOnLocalBus(runtime(), [{ source: 'hr.system', detailType, detail, time }]);
}

/** A time `seconds` from now, on a whole second (the bus keeps event times to the second). */
export const inSeconds = (seconds: number) => new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);
