import type { Knex } from 'knex';

// Issued notices: immutable, numbered gaplessly per issuing unit, document code and year, with the data
// and template version they were rendered from and the sha256 of the rendered HTML.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('doc_number_counters', (t) => {
    t.string('unit_id', 64).notNullable().references('units.id');
    t.string('doc_code', 20).notNullable();
    t.integer('year').notNullable();
    t.integer('last_seq').notNullable();
    t.primary(['unit_id', 'doc_code', 'year']);
    t.check('last_seq > 0');
  });
  await knex.schema.createTable('notices', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').nullable().references('cases.id');
    t.uuid('event_id').nullable().references('case_events.id');
    t.string('kind', 40).notNullable();
    t.string('doc_no', 60).notNullable().unique();
    t.string('doc_code', 20).notNullable();
    t.integer('year').notNullable();
    t.integer('seq').notNullable();
    t.string('issuing_unit_id', 64).notNullable().references('units.id');
    t.string('addressee', 200).notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.string('template_version', 64).notNullable();
    t.jsonb('data').notNullable();
    t.text('html').notNullable();
    t.string('sha256', 64).notNullable();
    t.uuid('corrects_notice_id').nullable().references('notices.id');
    /** Order of issue, for listing notices of one event in the order the action issued them. */
    t.specificType('issue_order', 'bigserial').notNullable();
    t.unique(['issuing_unit_id', 'doc_code', 'year', 'seq']);
    t.check('seq > 0');
    t.index(['case_id']);
  });
  await knex.raw(`
    CREATE FUNCTION notices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'notices are immutable: issue a correction instead'; END $$;
    CREATE TRIGGER notices_no_change BEFORE UPDATE OR DELETE ON notices
      FOR EACH ROW EXECUTE FUNCTION notices_immutable();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TRIGGER IF EXISTS notices_no_change ON notices`);
  await knex.raw(`DROP FUNCTION IF EXISTS notices_immutable()`);
  await knex.schema.dropTable('notices');
  await knex.schema.dropTable('doc_number_counters');
}
