import type { Knex } from 'knex';

// Issue 10, computing a round: the round reads a million claims without joining their participants (the join
// and the sort by register order were half of the read); what it needs of a participant is rare, a hold
// (提存, heirs) or a payee other than the participant, and comes from this partial index. An import adds no
// entry to it (a new participant is neither held nor paid to another), so it costs the merge nothing.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX participants_exceptional ON participants (case_id)
    WHERE hold <> 'none' OR payee_id IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS participants_exceptional');
}
