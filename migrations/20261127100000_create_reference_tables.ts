import type { Knex } from 'knex';
import { LIMITS } from '../domain/reference';

// Regions, units and users: who may act where. Tokens are stored only as sha256 hashes.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regions', (t) => {
    t.string('code', 6).primary();
    t.string('name', LIMITS.nameMax).notNullable();
    t.string('parent_code', 6).nullable();
    t.string('case_no_code', 20).notNullable();
    t.string('abbreviation', 4).notNullable();
  });
  await knex.schema.createTable('units', (t) => {
    t.string('id', 64).primary();
    t.string('region_code', 6).notNullable().references('regions.code');
    t.string('name', LIMITS.nameMax).notNullable();
    /** Name in the Dai (New Tai Lue) script, shown in the masthead beside the Chinese when present. */
    t.string('dai_name', LIMITS.nameMax).nullable();
    t.string('role', 32).nullable();
    /** Agency abbreviation for document numbers, e.g. 海公 in 海公立〔2026〕12号. */
    t.string('doc_code', 20).nullable();
    t.unique(['region_code', 'name']);
  });
  await knex.raw(
    `CREATE UNIQUE INDEX units_one_per_role_region ON units (region_code, role) WHERE role IS NOT NULL`,
  );
  await knex.schema.createTable('users', (t) => {
    t.string('id', 64).primary();
    t.string('unit_id', 64).notNullable().references('units.id');
    t.string('role', 32).notNullable();
    t.string('display_name', LIMITS.nameMax).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.boolean('dev_only').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('units');
  await knex.schema.dropTable('regions');
}
