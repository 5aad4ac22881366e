// The first use of each scoped Idempotency-Key (migrations/20261201120000_create_idempotency_requests.ts).
import type { Executor } from './knex';

export interface IdempotencyClaim {
  scopeKey: string;
  userId: string;
  caseId: string;
  action: string;
  requestHash: string;
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
