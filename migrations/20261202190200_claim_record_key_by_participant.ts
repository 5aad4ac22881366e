import type { Knex } from 'knex';

// Issue 10, import performance: a record's uniqueness (the same file imported again adds nothing) was keyed by
// (case, region, fingerprint), a hash: every merged line landed on a random page of a 1M-entry index. The
// fingerprint is derived from the identity's HMAC (api/claims.service.ts), and the identity's HMAC determines the
// participant within a case, so the same uniqueness keyed (case, region, participant, fingerprint) accepts and
// refuses exactly the same rows, and with time-ordered participant ids (20261202190000) a new person's
// records land at the right edge of their region's part of the index.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE claim_records ADD CONSTRAINT claim_records_case_region_participant_fingerprint_unique
      UNIQUE (case_id, region_code, participant_id, fingerprint);
    ALTER TABLE claim_records DROP CONSTRAINT claim_records_case_id_region_code_fingerprint_unique;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE claim_records ADD CONSTRAINT claim_records_case_id_region_code_fingerprint_unique
      UNIQUE (case_id, region_code, fingerprint);
    ALTER TABLE claim_records DROP CONSTRAINT claim_records_case_region_participant_fingerprint_unique;
  `);
}
