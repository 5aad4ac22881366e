import type { Knex } from 'knex';

// Long-running work (participant imports, refund rounds, bank results) as jobs its owner can follow:
// GET /api/jobs/{id} reads this row, which the bulk activity updates as it heartbeats.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jobs', (t) => {
    t.uuid('id').primary();
    t.string('owner_user_id', 64).notNullable();
    t.uuid('case_id').nullable().references('cases.id');
    t.string('kind', 40).notNullable();
    t.string('state', 20).notNullable().defaultTo('queued');
    t.bigInteger('done').notNullable().defaultTo(0);
    t.bigInteger('total').nullable();
    t.jsonb('input').notNullable();
    t.jsonb('result').nullable();
    t.jsonb('error').nullable();
    // Where a resumed activity picks up (e.g. the last line merged): committed with the work it covers.
    t.jsonb('checkpoint').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`state IN ('queued', 'running', 'succeeded', 'failed')`);
    t.check(`kind IN ('participant_import', 'refund_compute', 'refund_approve', 'bank_results')`);
    t.check(`done >= 0 AND (total IS NULL OR done <= total)`);
    t.index(['owner_user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('jobs');
}
