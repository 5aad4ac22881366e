// The rows the petition track reads outside the workflow: which participants of the claims register a
// petition may link to (issue 13, item 14). Only ids are compared; no identity is opened or copied.
import type { Executor } from './knex';

/** Those of `ids` that are participants of the case's register (participants.id). */
export async function registeredParticipantIds(
  db: Executor,
  caseId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: { id: string }[] = await db('participants')
    .where({ case_id: caseId })
    .whereIn('id', [...ids])
    .select('id');
  return new Set(rows.map((r) => r.id));
}
