import type { Knex } from 'knex';

// Issue 10, a round's snapshot against the register it was computed on (docs/decisions/0015, amendment of
// 2026-12-03). claims_register_versions: one counter per case, raised in the same transaction as every change of
// what a round is computed on (a claim confirmed, disputed or resolved, an import that changed a claim, a hold
// put on or lifted, a payee named, a payment that failed or was reversed). refund_rounds.register_version: the
// counter as the compute job read it, before it read the register; approval refuses a snapshot whose stamp is
// not the current counter. NULL: computed before this rule, so never approvable without computing it again.
// The row of a case is created by its first change; a case without one is at version 0.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE claims_register_versions (
      case_id uuid PRIMARY KEY REFERENCES cases(id),
      version bigint NOT NULL DEFAULT 0 CHECK (version >= 0)
    );
    ALTER TABLE refund_rounds ADD COLUMN register_version bigint CHECK (register_version >= 0);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE refund_rounds DROP COLUMN IF EXISTS register_version;
    DROP TABLE IF EXISTS claims_register_versions;
  `);
}
