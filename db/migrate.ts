import path from 'node:path';
import type { Db } from './knex';

const migrationConfig = {
  directory: path.resolve(__dirname, '..', 'migrations'),
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback(migrationConfig, true);
}
