import type { Knex } from 'knex';
import { GENESIS_HASH, eventHash, eventHashInputOf } from '../db/audit.repository';

// Hashes the events written before the chain existed, case by case in seq order, and records each case's head.
// case_events is append-only by trigger; the backfill is the one sanctioned write, so the trigger is set aside
// for this transaction only.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE case_events DISABLE TRIGGER case_events_no_change');
  const caseIds: string[] = await knex('case_events').distinct('case_id').pluck('case_id');
  for (const caseId of caseIds) {
    const rows = await knex('case_events').where({ case_id: caseId }).orderBy('seq');
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const row of rows) {
      const hash = eventHash(prev, eventHashInputOf(row));
      await knex('case_events').where({ id: row.id }).update({ prev_hash: prev, hash });
      prev = hash;
      seq = row.seq;
    }
    await knex('case_event_chains').insert({ case_id: caseId, head_seq: seq, head_hash: prev });
  }
  await knex.raw('ALTER TABLE case_events ENABLE TRIGGER case_events_no_change');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE case_events DISABLE TRIGGER case_events_no_change');
  await knex('case_events').update({ prev_hash: null, hash: null });
  await knex('case_event_chains').delete();
  await knex.raw('ALTER TABLE case_events ENABLE TRIGGER case_events_no_change');
}
