import type { Executor } from './knex';
import type { Role } from '../domain/reference';

export interface UnitRecord {
  id: string;
  regionCode: string;
  name: string;
  daiName: string | null;
  role: Role | null;
  docCode: string | null;
}

const toUnit = (r: any): UnitRecord => ({
  id: r.id,
  regionCode: r.region_code,
  name: r.name,
  daiName: r.dai_name,
  role: r.role,
  docCode: r.doc_code,
});

export async function findUnitsByRegion(db: Executor, regionCodes: string[]): Promise<UnitRecord[]> {
  if (regionCodes.length === 0) return [];
  return (await db('units').whereIn('region_code', regionCodes).select('*')).map(toUnit);
}

export async function findUnitByRole(
  db: Executor,
  regionCode: string,
  role: Role,
): Promise<UnitRecord | null> {
  const row = await db('units').where({ region_code: regionCode, role }).first();
  return row ? toUnit(row) : null;
}

export async function findUnit(db: Executor, id: string): Promise<UnitRecord | null> {
  const row = await db('units').where({ id }).first();
  return row ? toUnit(row) : null;
}
