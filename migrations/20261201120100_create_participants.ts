import type { Knex } from 'knex';
import { LIMITS } from '../domain/reference';

// 集资参与人 of a case: one row per person or organization, whichever region registered them, matched by the
// HMAC of their identity number or credit code (unique per case), which is what merges one person's records
// across the platform's ledgers and across regions. The number itself, the phone and the bank account are
// stored only sealed, together in one box (AES-256-GCM, db/sealing.ts; one cipher per person keeps a million
// imports quick), with the id of the key that sealed them, so keys can rotate; the masked forms are stored
// beside them so that a register of a million is listed without opening anything.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('participants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id');
    // Register order: the stable tie-break of the refund arithmetic (domain/refunds.ts).
    t.bigIncrements('seq', { primaryKey: false });
    t.string('kind', 20).notNullable();
    t.string('name', LIMITS.nameMax).notNullable();
    t.binary('identity_hmac').notNullable();
    /** JSON { identity, phone, bankAccount } sealed (db/sealing.ts). */
    t.binary('sealed').notNullable();
    t.string('key_id', 32).notNullable();
    t.string('identity_masked', 24).notNullable();
    t.string('bank_name', LIMITS.nameMax).nullable();
    t.string('bank_account_masked', 16).nullable();
    // Held back from payment (DOMAIN.md): deceased until the heirs prove title; known but not registered (提存).
    t.string('hold', 20).notNullable().defaultTo('none');
    t.uuid('first_job_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'identity_hmac']);
    t.unique(['case_id', 'seq']);
    t.check(`kind IN ('person', 'organization')`);
    t.check(`hold IN ('none', 'unregistered', 'heirs')`);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('participants');
}
