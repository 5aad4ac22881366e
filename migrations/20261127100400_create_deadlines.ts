import type { Knex } from 'knex';

// The projection of every deadline the workflows run: listed, filtered and escalated from here.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deadlines', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.string('region_code', 6).nullable();
    t.string('rule', 40).notNullable();
    t.uuid('subject_id').nullable();
    t.string('responsible_role', 32).notNullable();
    t.string('responsible_unit_id', 64).nullable().references('units.id');
    t.date('started_on').notNullable();
    t.date('base_due_on').notNullable();
    t.date('due_on').notNullable();
    t.date('rolled_over_from').nullable();
    t.boolean('in_custody').notNullable();
    t.string('state', 10).notNullable();
    t.jsonb('extensions').notNullable();
    t.date('paused_on').nullable();
    t.timestamp('ended_at', { useTz: true }).nullable();
    t.string('ended_by', 60).nullable();
    t.timestamp('missed_at', { useTz: true }).nullable();
    t.timestamp('reminded_at', { useTz: true }).nullable();
    t.jsonb('warnings').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`state IN ('running', 'paused', 'met', 'missed')`);
    t.check(`due_on >= started_on`);
    t.index(['case_id']);
    t.index(['state', 'due_on']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deadlines');
}
