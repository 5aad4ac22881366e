import type { Knex } from 'knex';

// Issue 10, the rest: claims held back from payment and who opened the payment file.
// participant_holds: every hold put on a participant (提存: known from the platform's records, not registered;
// deceased: until the heirs prove title — 《防范和处置非法集资条例》第二十五条、第二十六条) and every release, with
// the reason or the heirs' evidence given, by whom and when; participants.hold is the current state, this the
// history. Append-only.
// refund_data_access: every opening of a round's complete identities and accounts — each download of the
// payment file (who, role, unit, region, when, why), and the approve job's opening of the payees' sealed
// records (one row per round and job: how many were opened). Append-only, as personal_data_reads is.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('participant_holds', (t) => {
    t.bigIncrements('id');
    t.uuid('case_id').notNullable().references('cases.id');
    t.uuid('participant_id').notNullable().references('participants.id');
    t.string('region_code', 6).notNullable().references('regions.code');
    t.string('action', 10).notNullable();
    /** The hold put on (hold) or lifted (release). */
    t.string('hold', 20).notNullable();
    t.text('note').notNullable();
    t.string('decided_by', 64).notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable();
    // When the hold was written (the database's clock): approval compares it with the compute job's creation.
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'participant_id']);
    t.index(['case_id', 'recorded_at']);
    t.check(`action IN ('hold', 'release')`);
    t.check(`hold IN ('unregistered', 'heirs')`);
  });
  await knex.schema.createTable('refund_data_access', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id');
    t.integer('round_no').notNullable();
    t.string('kind', 24).notNullable();
    t.text('user_id').nullable();
    t.text('role').nullable();
    t.text('unit_id').nullable();
    t.text('region_code').nullable();
    t.text('reason').nullable();
    t.uuid('job_id').nullable();
    /** How many payees' identities and accounts were opened (the job), or the file's lines (a download). */
    t.integer('opened').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'round_no', 'at']);
    t.check(`kind IN ('payment_file_download', 'approve_job')`);
    t.check(
      `(kind = 'payment_file_download' AND user_id IS NOT NULL AND reason IS NOT NULL) OR (kind = 'approve_job' AND job_id IS NOT NULL)`,
    );
  });
  await knex.raw(`
    CREATE UNIQUE INDEX refund_data_access_one_per_job ON refund_data_access (case_id, round_no, job_id)
      WHERE kind = 'approve_job';
    CREATE FUNCTION refund_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
    CREATE TRIGGER participant_holds_no_change BEFORE UPDATE OR DELETE ON participant_holds
      FOR EACH ROW EXECUTE FUNCTION refund_access_append_only();
    CREATE TRIGGER refund_data_access_no_change BEFORE UPDATE OR DELETE ON refund_data_access
      FOR EACH ROW EXECUTE FUNCTION refund_access_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('refund_data_access');
  await knex.schema.dropTable('participant_holds');
  await knex.raw('DROP FUNCTION IF EXISTS refund_access_append_only()');
}
