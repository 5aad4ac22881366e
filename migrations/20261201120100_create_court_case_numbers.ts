import type { Knex } from 'knex';

// The courts' 案号 (最高人民法院关于人民法院案件案号的若干规定): one per case, region and instance, assigned
// the first time the court issues a document of it, and carried by every judgment and ruling of that
// instance. Numbers run per court, 收案年度 and 类型代字 (刑初, 刑终) from 1 without gaps (第九条、第十条):
// court_case_counters is taken under its row lock until the issuing transaction ends, as the document
// series are, so a rolled-back issue gives its number back.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('court_case_counters', (t) => {
    t.string('court_unit_id', 64).notNullable().references('units.id');
    t.integer('year').notNullable();
    t.string('type_word', 8).notNullable();
    t.integer('last_seq').notNullable();
    t.primary(['court_unit_id', 'year', 'type_word']);
  });
  await knex.schema.createTable('court_case_numbers', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.string('region_code', 6).notNullable().references('regions.code');
    t.smallint('instance').notNullable();
    t.string('court_unit_id', 64).notNullable().references('units.id');
    t.integer('year').notNullable();
    t.string('court_code', 16).notNullable();
    t.string('type_word', 8).notNullable();
    t.integer('seq').notNullable();
    t.string('case_no', 40).notNullable().unique();
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'region_code', 'instance']);
    t.unique(['court_unit_id', 'year', 'type_word', 'seq']);
  });
  await knex.raw(`
    ALTER TABLE court_case_numbers
      ADD CONSTRAINT court_case_numbers_instance CHECK (instance IN (1, 2)),
      ADD CONSTRAINT court_case_numbers_seq CHECK (seq >= 1),
      ADD CONSTRAINT court_case_numbers_case_no
        CHECK (case_no = '（' || year || '）' || court_code || type_word || seq || '号');
    CREATE FUNCTION court_case_numbers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'court case numbers are immutable: documents carry them'; END $$;
    CREATE TRIGGER court_case_numbers_no_change BEFORE UPDATE OR DELETE ON court_case_numbers
      FOR EACH ROW EXECUTE FUNCTION court_case_numbers_immutable();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TRIGGER IF EXISTS court_case_numbers_no_change ON court_case_numbers`);
  await knex.raw(`DROP FUNCTION IF EXISTS court_case_numbers_immutable()`);
  await knex.schema.dropTable('court_case_numbers');
  await knex.schema.dropTable('court_case_counters');
}
