import type { Knex } from 'knex';

// The claims register with fewer indexes to keep up to date per imported line (decision record 0015, third
// amendment). A claim record is one line of one upload: it is found by its person and region (the claims
// re-sum, the merge report) and by its job and line (the merge report, a resumed batch), never by a number of
// its own. So:
// - claim_records loses its serial id; its key is (participant_id, region_code, fingerprint), which also
//   serves every lookup by person and region (the participant implies the case, as the merge already relied on);
// - (job_id, line_no) is unique: one line yields at most one record;
// - the staging table carries the participant's id, drawn time-ordered by the importer as it reads the file
//   (the database drew one per row in PL/pgSQL before, the costliest part of the merge).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE participant_import_rows ADD COLUMN participant_id uuid NOT NULL DEFAULT gen_random_uuid();
    ALTER TABLE participant_import_rows ALTER COLUMN participant_id DROP DEFAULT;
    ALTER TABLE claim_records DROP CONSTRAINT claim_records_pkey;
    ALTER TABLE claim_records DROP COLUMN id;
    ALTER TABLE claim_records ADD CONSTRAINT claim_records_pkey PRIMARY KEY (participant_id, region_code, fingerprint);
    ALTER TABLE claim_records DROP CONSTRAINT claim_records_case_region_participant_fingerprint_unique;
    DROP INDEX claim_records_participant_id_region_code_index;
    DROP INDEX claim_records_job_id_line_no_index;
    CREATE UNIQUE INDEX claim_records_job_line_unique ON claim_records (job_id, line_no);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX claim_records_job_line_unique;
    CREATE INDEX claim_records_job_id_line_no_index ON claim_records (job_id, line_no);
    CREATE INDEX claim_records_participant_id_region_code_index ON claim_records (participant_id, region_code);
    ALTER TABLE claim_records ADD CONSTRAINT claim_records_case_region_participant_fingerprint_unique
      UNIQUE (case_id, region_code, participant_id, fingerprint);
    ALTER TABLE claim_records DROP CONSTRAINT claim_records_pkey;
    ALTER TABLE claim_records ADD COLUMN id bigserial PRIMARY KEY;
    ALTER TABLE participant_import_rows DROP COLUMN participant_id;
  `);
}
