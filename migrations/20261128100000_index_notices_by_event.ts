import type { Knex } from 'knex';

// The notices one event issued: read by every action's answer and by the idempotent re-run of a persisted
// step. Without it both scan the case's notices, which a refund round makes a million. Partial: notices
// issued in bulk outside an event (a refund round's) cost no index entry.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX notices_event_idx ON notices (event_id) WHERE event_id IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS notices_event_idx`);
}
