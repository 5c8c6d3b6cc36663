// The in-memory BulkRemovalStore: records by account and id, listed newest first.
import { NotFoundError } from '#core/errors.ts';
import type { BulkRemovalRecord, BulkRemovalStore } from '#core/ports.ts';

export class InMemoryBulkRemovalStore implements BulkRemovalStore {
  private readonly records = new Map<string, BulkRemovalRecord>();

  async saveBulkRemoval(record: BulkRemovalRecord) {
    this.records.set(`${record.accountId}/${record.bulkRemovalId}`, structuredClone(record));
  }

  async getBulkRemoval(accountId: string, bulkRemovalId: string) {
    const record = this.records.get(`${accountId}/${bulkRemovalId}`);
    if (!record) throw new NotFoundError('No such bulk removal in this account');
    return structuredClone(record);
  }

  private readonly keys = new Map<string, { bulkRemovalId: string; requestHash: string }>();
  async claimBulkKey(
    accountId: string,
    callerId: string,
    key: string,
    use: { bulkRemovalId: string; requestHash: string },
  ) {
    const id = `${accountId}/${callerId}/${key}`;
    const existing = this.keys.get(id);
    if (existing) return existing;
    this.keys.set(id, use);
    return undefined;
  }

  async listBulkRemovals(accountId: string, limit: number) {
    const own = [...this.records.values()]
      .filter((r) => r.accountId === accountId)
      .sort((a, b) => b.bulkRemovalId.localeCompare(a.bulkRemovalId))
      .slice(0, limit)
      .map(({ items: _items, ...rest }) => rest);
    return { bulkRemovals: own, nextCursor: null };
  }
}
