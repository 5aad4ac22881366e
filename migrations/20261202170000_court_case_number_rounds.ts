import type { Knex } from 'knex';

// A case remanded for retrial (发回重审, 刑诉法 第二百三十六条第一款第（三）项、第二百三十八条) is received
// by the court of first instance as a new case and numbered anew in its 刑初 series (最高人民法院关于人民法院
// 案件案号的若干规定), and its appeal in the 刑终 series: one 案号 per case, region, instance and round, the
// round counting the remands before it (0 for the first trial). docs/decisions/0021.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE court_case_numbers ADD COLUMN round smallint NOT NULL DEFAULT 0;
    ALTER TABLE court_case_numbers ADD CONSTRAINT court_case_numbers_round CHECK (round >= 0);
    ALTER TABLE court_case_numbers DROP CONSTRAINT court_case_numbers_pkey;
    ALTER TABLE court_case_numbers ADD PRIMARY KEY (case_id, region_code, instance, round);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE court_case_numbers DROP CONSTRAINT court_case_numbers_pkey;
    ALTER TABLE court_case_numbers DROP COLUMN round;
    ALTER TABLE court_case_numbers ADD PRIMARY KEY (case_id, region_code, instance);
  `);
}
