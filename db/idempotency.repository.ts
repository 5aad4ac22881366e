// The first use of each scoped Idempotency-Key (migrations/20261201120000_create_idempotency_requests.ts).
import type { Executor } from './knex';

export interface IdempotencyClaim {
  scopeKey: string;
  userId: string;
  caseId: string;
  action: string;
  requestHash: string;
}

/** The key's recorded first use, if any: read only (a refused request must not bind a key). */
export async function findIdempotencyClaim(db: Executor, scopeKey: string): Promise<IdempotencyClaim | null> {
  const row = await db('idempotency_requests').where({ scope_key: scopeKey }).first();
  return row
    ? {
        scopeKey: row.scope_key,
        userId: row.user_id,
        caseId: row.case_id,
        action: row.action,
        requestHash: row.request_hash,
      }
    : null;
}

/**
 * Forgets a claim whose request was refused, unless an event already carries the key (then the key did act).
 * A refused request writes nothing, its key's claim included.
 */
export async function releaseIdempotencyClaim(db: Executor, scopeKey: string): Promise<void> {
  await db('idempotency_requests')
    .where({ scope_key: scopeKey })
    .whereNotExists(function () {
      void this.select(1)
        .from('case_events as e')
        .whereRaw('e.case_id = idempotency_requests.case_id')
        .where('e.idempotency_key', scopeKey);
    })
    .delete();
}

/**
 * Records the key's first use, or leaves the one already recorded; answers whichever holds. Two requests
 * racing with one key both see the winner's row, so the loser is compared with it, never with itself.
 */
export async function claimIdempotencyKey(db: Executor, claim: IdempotencyClaim): Promise<IdempotencyClaim> {
  await db('idempotency_requests')
    .insert({
      scope_key: claim.scopeKey,
      user_id: claim.userId,
      case_id: claim.caseId,
      action: claim.action,
      request_hash: claim.requestHash,
    })
    .onConflict('scope_key')
    .ignore();
  const row = await db('idempotency_requests').where({ scope_key: claim.scopeKey }).first();
  return {
    scopeKey: row.scope_key,
    userId: row.user_id,
    caseId: row.case_id,
    action: row.action,
    requestHash: row.request_hash,
  };
}
