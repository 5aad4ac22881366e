import type { Knex } from 'knex';

// A notice's HTML is about 10 kB, three quarters of it the print stylesheet every notice carries, and a
// refund round stores a million of them: compressing each with lz4 instead of the default pglz saves
// Postgres about 25 µs of CPU a row, a fifth of what storing one costs (docs/decisions/0006-bulk-notices.md).
// Only rows stored from now on are affected; reading either kind is transparent. A server built without
// lz4 keeps pglz.
export async function up(knex: Knex): Promise<void> {
  if (await lz4Available(knex)) await knex.raw(`ALTER TABLE notices ALTER COLUMN html SET COMPRESSION lz4`);
}

export async function down(knex: Knex): Promise<void> {
  if (await lz4Available(knex))
    await knex.raw(`ALTER TABLE notices ALTER COLUMN html SET COMPRESSION default`);
}

async function lz4Available(knex: Knex): Promise<boolean> {
  const { rows } = await knex.raw(
    `SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)`,
  );
  return rows.length > 0;
}
