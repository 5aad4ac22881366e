// Bearer-token authentication. Tokens are looked up by their sha256; development tokens (dev-<role>-<code>)
// exist only in development mode and are refused in production even if their rows are present.
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/knex';
import { hashToken } from '../db/seed';
import { findActiveUserByTokenHash } from '../db/user.repository';
import type { Caller } from '../domain/access';
import { DomainError } from '../domain/errors';
import type { AppMode } from '../config';
import type { Access } from './route';

export interface AuthenticatedRequest extends Request {
  caller?: Caller & { displayName: string; unitName: string };
}

export function authenticate(db: Db, mode: AppMode, access: Access) {
  return async (req: AuthenticatedRequest, _res: Response, next: NextFunction): Promise<void> => {
    if (access === 'public') return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S{8,512})$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', '缺少有效的 Authorization: Bearer 令牌');
    const user = await findActiveUserByTokenHash(db, hashToken(match[1]));
    if (!user || (user.devOnly && mode === 'production'))
      throw new DomainError('UNAUTHENTICATED', '令牌无效或已停用');
    if (access !== 'authenticated' && !access.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `角色「${user.role}」无权访问此接口`);
    }
    req.caller = {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      regionCode: user.regionCode,
      displayName: user.displayName,
      unitName: user.unitName,
    };
    next();
  };
}
