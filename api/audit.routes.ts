// The tamper-evident history's check (issue 14, build 8), for those who answer for the record.
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { auditKey, verifyHistory } from '../db/audit.repository';
import { emptyQuery } from './case.schemas';
import { type RouteDef, defineRoute } from './route';

export function auditRoutes(db: Db, config: Config): RouteDef[] {
  const { publicKey } = auditKey(config.audit.signingSeed);
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit/verify',
      summary: '校验办理记录的哈希链与签名检查点：{ ok, checked, checkpoints, firstBroken? }',
      tag: 'system',
      access: ['admin', 'leader'],
      query: emptyQuery,
      handle: () => verifyHistory(db, publicKey),
    }),
  ];
}
