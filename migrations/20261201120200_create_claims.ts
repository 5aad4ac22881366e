import type { Knex } from 'knex';

// The claims register. claim_records are the rows as imported (one platform account, one line of a region's
// file), kept so every merge can be shown; a record's fingerprint (the normalised row and its occurrence in
// its file) is unique per case and region, so importing the same file again adds nothing. claims hold one
// participant's records of one region summed, with its confirmation state: the round nets them per person
// across regions (domain/refunds.ts netLoss).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('claim_records', (t) => {
    t.bigIncrements('id');
    t.uuid('case_id').notNullable().references('cases.id');
    t.string('region_code', 6).notNullable().references('regions.code');
    t.uuid('participant_id').notNullable().references('participants.id');
    t.binary('fingerprint').notNullable();
    t.bigInteger('principal_fen').notNullable();
    t.bigInteger('returns_fen').notNullable();
    t.bigInteger('refunded_fen').notNullable();
    t.uuid('job_id').notNullable().references('jobs.id');
    t.integer('line_no').notNullable();
    t.unique(['case_id', 'region_code', 'fingerprint']);
    t.index(['participant_id', 'region_code']);
    t.index(['job_id', 'line_no']);
    t.check(`principal_fen >= 0 AND returns_fen >= 0 AND refunded_fen >= 0`);
  });
  await knex.schema.createTable('claims', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.uuid('participant_id').notNullable().references('participants.id');
    t.string('region_code', 6).notNullable().references('regions.code');
    t.bigInteger('principal_fen').notNullable();
    t.bigInteger('returns_fen').notNullable();
    t.bigInteger('refunded_fen').notNullable();
    t.integer('records').notNullable();
    t.string('state', 20).notNullable().defaultTo('registered');
    t.text('dispute_reason').nullable();
    t.string('decided_by', 64).nullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'participant_id', 'region_code']);
    t.index(['case_id', 'region_code', 'state']);
    t.check(`state IN ('registered', 'confirmed', 'disputed')`);
    t.check(`principal_fen >= 0 AND returns_fen >= 0 AND refunded_fen >= 0 AND records > 0`);
    t.check(`(state = 'disputed') = (dispute_reason IS NOT NULL)`);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('claims');
  await knex.schema.dropTable('claim_records');
}
