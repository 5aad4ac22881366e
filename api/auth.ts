// Bearer-token authentication: a session token (cfs_…, from POST /api/session), an API key (cfk_…, issued by
// an administrator to a system such as a bank's), or in development mode a development token
// (dev-<role>-<code>), refused in production even if its row is present. All are looked up by their sha256.
import type { NextFunction, Request, Response } from 'express';
import type { Caller } from '../domain/access';
import { DomainError } from '../domain/errors';
import type { Access } from './route';
import type { Credential, SignInService } from './sign-in.service';

export interface AuthenticatedRequest extends Request {
  caller?: Caller & { displayName: string; unitName: string };
  credential?: Credential;
}

export function authenticate(signIn: SignInService, access: Access) {
  return async (req: AuthenticatedRequest, _res: Response, next: NextFunction): Promise<void> => {
    if (access === 'public') return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S{8,512})$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', '缺少有效的 Authorization: Bearer 令牌');
    const found = await signIn.identify(match[1]);
    if (!found) throw new DomainError('UNAUTHENTICATED', '令牌无效、已过期或已停用');
    const { user, credential } = found;
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
    req.credential = credential;
    next();
  };
}
