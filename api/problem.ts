// The one place errors become HTTP (STYLE.md 10): application/problem+json with a stable code, a readable
// message and, for validation, the failing fields. Internals never leak.
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ApplicationFailure, TemporalFailure, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError, ERROR_STATUS, type ErrorCode, type FieldError, isErrorCode } from '../domain/errors';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '请求内容不符合要求',
  UNAUTHENTICATED: '未登录或令牌无效',
  FORBIDDEN: '无权执行此操作',
  NOT_FOUND: '资源不存在',
  INVALID_TRANSITION: '当前状态不允许此操作',
  CONFLICT: '与现有数据冲突',
  PAYLOAD_TOO_LARGE: '请求体过大',
  RATE_LIMITED: '请求过于频繁',
  NOT_AVAILABLE: '功能尚未提供',
  UNAVAILABLE: '依赖服务不可用',
  PDF_UNAVAILABLE: '本机暂不能生成 PDF',
  INTERNAL: '服务器内部错误',
};

export function sendProblem(res: Response, code: ErrorCode, detail: string, errors?: FieldError[]): void {
  const status = ERROR_STATUS[code];
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `https://chufei.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
        title: TITLES[code],
        status,
        code,
        detail,
        ...(errors && errors.length ? { errors } : {}),
      }),
    );
}

/** Finds the domain error inside whatever Temporal wrapped it in (update failure → activity failure → …). */
export function domainErrorOf(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  if (err instanceof WorkflowNotFoundError) return new DomainError('NOT_FOUND', '案件不存在');
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 8; depth++) {
    if (cur instanceof ApplicationFailure && isErrorCode(cur.type)) {
      const details = (cur.details?.[0] ?? {}) as { errors?: FieldError[] };
      return new DomainError(cur.type, cur.message, details.errors);
    }
    cur = cur instanceof TemporalFailure || cur instanceof Error ? (cur as Error).cause : undefined;
  }
  return null;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const body = err as { type?: string; status?: number };
    if (body?.type === 'entity.too.large') return sendProblem(res, 'PAYLOAD_TOO_LARGE', '请求体超过上限');
    if (body?.type === 'entity.parse.failed')
      return sendProblem(res, 'VALIDATION_FAILED', '请求体不是有效的 JSON');
    const domain = domainErrorOf(err);
    if (domain) return sendProblem(res, domain.code, domain.message, domain.errors);
    log.error({ err, requestId: res.getHeader('x-request-id'), path: req.path }, 'unhandled error');
    return sendProblem(res, 'INTERNAL', `内部错误，请求编号 ${String(res.getHeader('x-request-id'))}`);
  };
}
