import type { Knex } from 'knex';

// Where an upload lands, by COPY, before the bulk job merges it into the register: rows already validated and
// sealed (no plaintext identity is ever written), keyed by job and line so a resumed job skips what it merged.
// UNLOGGED: it is rebuilt from the upload, never the record of anything, and COPY into it skips the WAL.
// Rejected lines are kept (logged) with their reason for the error CSV.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE UNLOGGED TABLE participant_import_rows (
      job_id uuid NOT NULL,
      line_no integer NOT NULL,
      kind varchar(20) NOT NULL,
      name text NOT NULL,
      identity_hmac bytea NOT NULL,
      sealed bytea NOT NULL,
      key_id varchar(32) NOT NULL,
      identity_masked varchar(24) NOT NULL,
      bank_name text,
      bank_account_masked varchar(16),
      principal_fen bigint NOT NULL,
      returns_fen bigint NOT NULL,
      refunded_fen bigint NOT NULL,
      fingerprint bytea NOT NULL,
      PRIMARY KEY (job_id, line_no)
    )
  `);
  await knex.schema.createTable('participant_import_rejections', (t) => {
    t.uuid('job_id').notNullable().references('jobs.id');
    t.integer('line_no').notNullable();
    t.text('reason').notNullable();
    t.primary(['job_id', 'line_no']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('participant_import_rejections');
  await knex.raw(`DROP TABLE IF EXISTS participant_import_rows`);
}
