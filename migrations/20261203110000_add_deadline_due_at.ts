import type { Knex } from 'knex';

// An hour rule (拘留后二十四小时, 刑诉法 第八十五条) ends at an instant, not at the end of its due date: the
// projection keeps that instant beside due_on, or lists and 我的待办 would show such a clock running for the
// rest of the day after it was missed. Null for every date rule.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deadlines', (t) => {
    t.timestamp('due_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deadlines', (t) => {
    t.dropColumn('due_at');
  });
}
