// Unmasked reads of a case's personal data (issue 14, build 3): every answer masks identity numbers, accounts
// and phones; a role whose work needs the whole value (domain/personal-data.ts UNMASKED_READ_ROLES) asks for
// it here with a reason, and the read is recorded — who, when, why and which fields — before it is answered.
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import * as repo from '../db/case.repository';
import { listPersonalDataReads, recordPersonalDataRead } from '../db/personal-data.repository';
import { canReadRegionRecord } from '../domain/access';
import { DomainError } from '../domain/errors';
import { isUuid } from '../domain/input';
import { personalFieldsOf, UNMASKED_READ_ROLES } from '../domain/personal-data';
import { visibleRegionCodes } from '../domain/reference';
import { emptyQuery } from './case.schemas';
import { type RouteDef, defineRoute } from './route';

export interface RevealBody {
  reason: string;
}

export const revealBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: {
      type: 'string',
      minLength: 4,
      maxLength: 500,
      pattern: '\\S',
      description: '查看完整信息的理由（记录在案）',
    },
  },
} as const;

export function personalDataRoutes(db: Db, log: Pick<Logger, 'info'>): RouteDef[] {
  const load = async (caller: { regionCode: string }, id: string) => {
    const c = isUuid(id) ? await repo.findVisibleCase(db, id, visibleRegionCodes(caller.regionCode)) : null;
    if (!c) throw new DomainError('NOT_FOUND', '案件不存在');
    return c;
  };
  return [
    defineRoute<RevealBody>({
      method: 'post',
      path: '/api/cases/:id/personal-data',
      summary: '查看案件中完整的身份证号码、银行账号和电话（须说明理由；谁、何时、为何查看均记录在案）',
      tag: 'cases',
      access: UNMASKED_READ_ROLES,
      body: revealBody,
      handle: async ({ caller, params, body }) => {
        const c = await load(caller, params.id);
        const events = (await repo.listEvents(db, c.id)).filter((e) =>
          canReadRegionRecord(caller, c.leadRegionCode, e.regionCode),
        );
        const fields = [
          ...personalFieldsOf(c.subjects, '/subjects').map((f) => ({ seq: null, ...f })),
          ...events.flatMap((e) =>
            personalFieldsOf(e.payload, '/payload').map((f) => ({ seq: e.seq, ...f })),
          ),
        ];
        const read = await recordPersonalDataRead(db, {
          caseId: c.id,
          userId: caller.userId,
          role: caller.role,
          unitId: caller.unitId,
          regionCode: caller.regionCode,
          reason: body.reason.trim(),
          fields: fields.map((f) => (f.seq === null ? f.path : `#${f.seq}${f.path}`)),
        });
        // The log names the read, never a value.
        log.info(
          { caseId: c.id, readId: read.id, userId: caller.userId, fields: fields.length },
          'personal data read',
        );
        return { readId: read.id, readAt: read.readAt, fields };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/personal-data/reads',
      summary: '案件个人信息的完整查看记录（谁、何时、为何、哪些字段）',
      tag: 'cases',
      access: ['financial_office', 'leader', 'admin'],
      query: emptyQuery,
      handle: async ({ caller, params }) => {
        const c = await load(caller, params.id);
        return { items: await listPersonalDataReads(db, c.id) };
      },
    }),
  ];
}
