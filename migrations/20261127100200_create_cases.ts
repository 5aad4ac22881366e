import type { Knex } from 'knex';
import { LIMITS } from '../domain/reference';

// The case projection: written only by workflow activities, read by every list and report.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary();
    t.string('case_no', 40).notNullable().unique();
    t.string('title', LIMITS.titleMax).notNullable();
    t.string('sector', 40).notNullable();
    t.string('lead_region_code', 6).notNullable().references('regions.code');
    t.string('phase', 20).notNullable();
    t.string('stage', 20).notNullable();
    t.boolean('overdue').notNullable().defaultTo(false);
    t.jsonb('source').notNullable();
    t.jsonb('subjects').notNullable();
    t.bigInteger('estimated_amount_fen').nullable();
    t.integer('estimated_participants').nullable();
    t.text('summary').nullable();
    /** The case workflow's domain state, for allowedActions and read models. */
    t.jsonb('state').notNullable();
    t.integer('last_seq').notNullable().defaultTo(0);
    t.string('created_by', 64).notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`estimated_amount_fen IS NULL OR estimated_amount_fen >= 0`);
    t.check(
      `stage IN ('detection','early_warning','police_filing','prosecution','trial','asset_disposition','stabilization','closed')`,
    );
    t.index(['stage']);
    t.index(['lead_region_code']);
  });
  await knex.schema.createTable('case_regions', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.string('region_code', 6).notNullable().references('regions.code');
    t.string('role', 10).notNullable();
    t.string('stage', 20).notNullable();
    t.string('outcome', 30).nullable();
    t.jsonb('state').nullable();
    t.primary(['case_id', 'region_code']);
    t.check(`role IN ('lead', 'assisting')`);
    t.index(['region_code']);
  });
  await knex.raw(`CREATE INDEX cases_title_trgm ON cases USING btree (lower(title))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_regions');
  await knex.schema.dropTable('cases');
}
