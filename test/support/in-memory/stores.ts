// Each store of core/ports.ts on the in-memory database: the same state behind every aggregate's
// port, as the DynamoDB stores share one table.
import type { Stores } from '#core/ports.ts';
import type { InMemoryDatabase } from './database.ts';
import { InMemoryAdminWrites } from './admin.ts';
import { InMemoryResourceStore } from './resources.ts';
import { InMemoryCallStore } from './calls.ts';
import { InMemoryBulkRemovalStore } from './bulk-removals.ts';

const adminWrites = new WeakMap<InMemoryDatabase, InMemoryAdminWrites>();

export function inMemoryStores(db: InMemoryDatabase): Stores {
  const admin = adminWrites.get(db) ?? new InMemoryAdminWrites(db);
  adminWrites.set(db, admin);
  return {
    users: {
      getUser: (...a) => db.getUser(...a),
      getUsers: (...a) => db.getUsers(...a),
      findUserByEmail: (...a) => db.findUserByEmail(...a),
      findAccountsOfUser: (...a) => admin.findAccountsOfUser(...a),
      listUsers: (...a) => admin.listUsers(...a),
      findUsersBy: (...a) => admin.findUsersBy(...a),
      listPosition: (...a) => admin.listPosition(...a),
      rememberListPosition: (...a) => admin.rememberListPosition(...a),
      addUser: (...a) => admin.addUser(...a),
      changeUserStatus: (...a) => admin.changeUserStatus(...a),
      updateProfile: (...a) => admin.updateProfile(...a),
    },
    accounts: {
      getAccount: (...a) => db.getAccount(...a),
      transferOwnership: (...a) => admin.transferOwnership(...a),
      listDueAdjustments: (...a) => db.listDueAdjustments(...a),
      applyAdjustment: (...a) => db.applyAdjustment(...a),
    },
    bulkRemovals: new InMemoryBulkRemovalStore(),
    removals: {
      getRemoval: (...a) => db.getRemoval(...a),
      getRemovals: async (ids) => {
        const found = new Map();
        for (const id of ids) {
          const removal = await db.getRemoval(id);
          if (removal) found.set(id, removal);
        }
        return found;
      },
      getRemovalContext: (...a) => db.getRemovalContext(...a),
      listRemovals: (...a) => admin.listRemovals(...a),
      getIdempotency: (...a) => admin.getIdempotency(...a),
      createRemoval: (...a) => admin.createRemoval(...a),
      rescheduleRemoval: (...a) => admin.rescheduleRemoval(...a),
      listOverdueScheduled: (...a) => admin.listOverdueScheduled(...a),
      forgetScheduled: () => admin.forgetScheduled(),
      recordDecision: (...a) => admin.recordDecision(...a),
      cancelRemoval: (...a) => admin.cancelRemoval(...a),
      beginRemoval: (...a) => db.beginRemoval(...a),
      awaitDecision: (...a) => db.awaitDecision(...a),
      completeRemoval: (...a) => db.completeRemoval(...a),
      failRemoval: (...a) => db.failRemoval(...a),
    },
    plans: {
      listOwnership: (...a) => db.listOwnership(...a),
      listRotationMembers: (...a) => db.listRotationMembers(...a),
      savePlan: (...a) => db.savePlan(...a),
      getPlanBatch: (...a) => db.getPlanBatch(...a),
      listAppliedBatches: (...a) => db.listAppliedBatches(...a),
      applyBatch: (...a) => db.applyBatch(...a),
    },
    tokens: {
      saveToken: (...a) => admin.saveToken(...a),
      findToken: (...a) => admin.findToken(...a),
      getToken: (...a) => admin.getToken(...a),
      listTokens: (...a) => admin.listTokens(...a),
      revokeToken: (...a) => admin.revokeToken(...a),
    },
    resources: new InMemoryResourceStore(db),
    calls: new InMemoryCallStore(),
  };
}
