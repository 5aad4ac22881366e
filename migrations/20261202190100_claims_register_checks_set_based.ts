import type { Knex } from 'knex';

// Issue 10, import performance: the claims register (participants, their records and claims) is written by one
// writer only, the import's merge (db/claims.repository.ts mergeStagedBatch), and every key it writes is derived
// there: the case, the region and the job are the job's own (checked once per file, checkImportTargets), the
// participant comes from a join with participants. The eight per-row foreign key triggers of participants,
// claim_records and claims (three rows per line, checked against cases, regions, participants, jobs) were a
// large part of the merge's cost, as they were for refund_payouts (20261202110000). Nothing deletes a case, a
// region, a job or a participant.
const FKS: [table: string, column: string, references: string][] = [
  ['participants', 'case_id', 'cases(id)'],
  ['claim_records', 'case_id', 'cases(id)'],
  ['claim_records', 'region_code', 'regions(code)'],
  ['claim_records', 'participant_id', 'participants(id)'],
  ['claim_records', 'job_id', 'jobs(id)'],
  ['claims', 'case_id', 'cases(id)'],
  ['claims', 'participant_id', 'participants(id)'],
  ['claims', 'region_code', 'regions(code)'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [table, column] of FKS)
    await knex.raw(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_${column}_foreign`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, column, references] of FKS)
    await knex.raw(
      `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_foreign FOREIGN KEY (${column}) REFERENCES ${references}`,
    );
}
