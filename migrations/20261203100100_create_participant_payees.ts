import type { Knex } from 'knex';
import { LIMITS } from '../domain/reference';

// Issue 10, who is paid for a deceased participant (docs/decisions/0015, amendment of 2026-12-03). When the
// heirs prove title (《中华人民共和国民法典》第一千一百二十一条、第一千一百二十二条: the claim is part of the
// estate, inherited from the death on), release_claim_hold names the payee: an heir or the heirs'
// representative, with their own bank account. participant_payees: one row per such release (append-only), the
// identity number and account sealed together in one box as participants' are (db/sealing.ts), the keyed hash
// of the identity beside it and the masked forms for every answer. participants.payee_id: the payee in force
// (NULL: the participant). refund_payouts.payee_id: the payee a round's snapshot pays, fixed with it. Neither
// has a foreign key: the release that writes the first derives the id from its own insert, the compute that
// writes the second copies it from the register and checks it with the snapshot's other keys (as 20261202110000
// and 20261202190100 decided for the register and the payouts: per-row triggers on a million rows).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('participant_payees', (t) => {
    t.bigIncrements('id');
    t.uuid('case_id').notNullable().references('cases.id');
    t.uuid('participant_id').notNullable();
    /** The release (participant_holds, action release) that named this payee, with its evidence. */
    t.bigInteger('release_id').notNullable().unique().references('participant_holds.id');
    t.string('name', LIMITS.nameMax).notNullable();
    t.binary('identity_hmac').notNullable();
    /** JSON { identity, phone: null, bankAccount } sealed (db/sealing.ts), as participants.sealed. */
    t.binary('sealed').notNullable();
    t.string('key_id', 32).notNullable();
    t.string('identity_masked', 24).notNullable();
    t.string('bank_name', LIMITS.nameMax).notNullable();
    t.string('bank_account_masked', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'participant_id']);
  });
  await knex.raw(`
    CREATE TRIGGER participant_payees_no_change BEFORE UPDATE OR DELETE ON participant_payees
      FOR EACH ROW EXECUTE FUNCTION refund_access_append_only();
    ALTER TABLE participants ADD COLUMN payee_id bigint;
    ALTER TABLE refund_payouts ADD COLUMN payee_id bigint;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE refund_payouts DROP COLUMN IF EXISTS payee_id;
    ALTER TABLE participants DROP COLUMN IF EXISTS payee_id;
  `);
  await knex.schema.dropTableIfExists('participant_payees');
}
