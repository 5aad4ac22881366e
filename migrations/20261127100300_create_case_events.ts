import type { Knex } from 'knex';
import { LIMITS } from '../domain/reference';

// The audit history of a case. Append-only; (case, idempotency key) unique is the final arbiter that a
// retried request never acts twice, even across a workflow's continue-as-new.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_events', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.integer('seq').notNullable();
    t.string('action', 60).notNullable();
    t.jsonb('actor').notNullable();
    t.string('region_code', 6).nullable();
    t.jsonb('payload').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('idempotency_key', LIMITS.idempotencyKeyMax).nullable();
    t.unique(['case_id', 'seq']);
  });
  await knex.raw(
    `CREATE UNIQUE INDEX case_events_idempotency ON case_events (case_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
  );
  await knex.raw(`
    CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'case_events is append-only'; END $$;
    CREATE TRIGGER case_events_no_change BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TRIGGER IF EXISTS case_events_no_change ON case_events`);
  await knex.raw(`DROP FUNCTION IF EXISTS case_events_append_only()`);
  await knex.schema.dropTable('case_events');
}
