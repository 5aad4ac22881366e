import type { Knex } from 'knex';

// The notices one event issued: read by every action's answer and by the idempotent re-run of a persisted
// step. Without it both scan the case's notices, which a refund round makes a million.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX notices_event_idx ON notices (event_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS notices_event_idx`);
}
