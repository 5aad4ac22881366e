import type { Knex } from 'knex';

// 统一办案要求 are versioned (seed 十三); each action records the version it was taken under, so an audit
// can tell which requirements a regional officer acted on.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_events', (t) => {
    t.integer('requirements_version').nullable();
    t.check(
      'requirements_version IS NULL OR requirements_version >= 1',
      [],
      'case_events_requirements_version',
    );
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_events', (t) => {
    t.dropChecks('case_events_requirements_version');
    t.dropColumn('requirements_version');
  });
}
