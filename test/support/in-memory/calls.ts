// The in-memory CallStore: each callId recorded once, as the DynamoDB store's claim item keeps it.
import type { CallLogEntry } from '#core/calls/call-records.ts';
import type { CallStore } from '#core/ports.ts';

export class InMemoryCallStore implements CallStore {
  readonly calls = new Map<string, CallLogEntry & { accountId: string }>();

  async recordCall(entry: CallLogEntry & { accountId: string }) {
    const key = `${entry.accountId}/${entry.callId}`;
    if (this.calls.has(key)) return 'duplicate' as const;
    this.calls.set(key, structuredClone(entry));
    return 'recorded' as const;
  }
}
