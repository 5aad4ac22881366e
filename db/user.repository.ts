import type { Executor } from './knex';
import type { Role } from '../domain/reference';

export interface UserRecord {
  id: string;
  role: Role;
  unitId: string;
  unitName: string;
  regionCode: string;
  displayName: string;
  devOnly: boolean;
}

export async function findActiveUserByTokenHash(db: Executor, tokenHash: string): Promise<UserRecord | null> {
  const row = await db('users as u')
    .join('units as n', 'n.id', 'u.unit_id')
    .where({ 'u.token_hash': tokenHash, 'u.active': true })
    .first(
      'u.id',
      'u.role',
      'u.unit_id',
      'n.name as unit_name',
      'n.region_code',
      'u.display_name',
      'u.dev_only',
    );
  if (!row) return null;
  return {
    id: row.id,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    regionCode: row.region_code,
    displayName: row.display_name,
    devOnly: row.dev_only,
  };
}
