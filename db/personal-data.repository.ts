// The record of unmasked reads of personal data: who, when, why and which fields (never the values).
import { randomUUID } from 'node:crypto';
import type { Executor } from './knex';

export interface PersonalDataRead {
  id: string;
  caseId: string;
  userId: string;
  role: string;
  unitId: string;
  regionCode: string;
  reason: string;
  fields: string[];
  readAt: string;
}

export async function recordPersonalDataRead(
  db: Executor,
  r: Omit<PersonalDataRead, 'id' | 'readAt'>,
): Promise<PersonalDataRead> {
  const [row] = await db('personal_data_reads')
    .insert({
      id: randomUUID(),
      case_id: r.caseId,
      user_id: r.userId,
      role: r.role,
      unit_id: r.unitId,
      region_code: r.regionCode,
      reason: r.reason,
      fields: JSON.stringify(r.fields),
    })
    .returning(['id', 'read_at']);
  return { ...r, id: row.id, readAt: new Date(row.read_at).toISOString() };
}

export async function listPersonalDataReads(db: Executor, caseId: string): Promise<PersonalDataRead[]> {
  const rows = await db('personal_data_reads').where({ case_id: caseId }).orderBy('read_at');
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    userId: r.user_id,
    role: r.role,
    unitId: r.unit_id,
    regionCode: r.region_code,
    reason: r.reason,
    fields: r.fields,
    readAt: new Date(r.read_at).toISOString(),
  }));
}
