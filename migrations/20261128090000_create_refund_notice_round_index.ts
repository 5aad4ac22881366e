import type { Knex } from 'knex';

// The 清退通知书 of one refund round, in issue order: a round may hold a million of them and is read back in
// pages (HTML, PDF batches). The round is the one printed on each notice, in its stored data, so no
// second copy of it can disagree; a refund notice whose round is not an integer cannot be stored.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX notices_refund_round_idx ON notices
      (case_id, ((data->'facts'->>'round')::int), issue_order)
      WHERE kind = 'refund_notice'
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS notices_refund_round_idx`);
}
