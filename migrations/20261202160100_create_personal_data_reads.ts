import type { Knex } from 'knex';

// Every unmasked read of a case's personal data (issue 14, build 3): who (user, role, unit), when, why (the
// reason they gave) and which fields — never the values. Append-only, as the case history is.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('personal_data_reads', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('user_id').notNullable();
    t.text('role').notNullable();
    t.text('unit_id').notNullable();
    t.text('region_code').notNullable();
    t.text('reason').notNullable();
    t.jsonb('fields').notNullable();
    t.timestamp('read_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'read_at']);
  });
  await knex.raw(`
    CREATE FUNCTION personal_data_reads_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'personal_data_reads is append-only'; END $$;
    CREATE TRIGGER personal_data_reads_no_change BEFORE UPDATE OR DELETE ON personal_data_reads
      FOR EACH ROW EXECUTE FUNCTION personal_data_reads_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('personal_data_reads');
  await knex.raw('DROP FUNCTION IF EXISTS personal_data_reads_append_only()');
}
