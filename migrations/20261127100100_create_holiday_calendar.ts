import type { Knex } from 'knex';

// The State Council's holiday schedule as editable data: statutory holidays and make-up working days (调休).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_days', (t) => {
    t.date('date').primary();
    t.string('kind', 10).notNullable();
    t.string('name', 50).notNullable();
    t.check(`kind IN ('holiday', 'workday')`);
  });
  await knex.schema.createTable('calendar_years', (t) => {
    t.integer('year').primary();
    t.string('source', 200).notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_years');
  await knex.schema.dropTable('calendar_days');
}
