// The one place errors become HTTP (STYLE.md 10): application/problem+json with a stable code, a readable
// message and, for validation, the failing fields. Internals never leak.
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
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
  URI_TOO_LONG: '请求地址过长',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型或编码',
  RATE_LIMITED: '请求过于频繁',
  HEADERS_TOO_LARGE: '请求头过大',
  NOT_AVAILABLE: '功能尚未提供',
  UNAVAILABLE: '依赖服务不可用',
  PDF_UNAVAILABLE: '本机暂不能生成 PDF',
  WORKER_UNAVAILABLE: '办理服务暂不可用',
  INTERNAL: '服务器内部错误',
};

/**
 * At most this many failing fields are listed, with the total beside them: a 600 kB body of 300,000 bad items
 * once answered a 15.8 MB problem. Fifty are enough to fix a form; the count says how much more there is.
 */
export const MAX_FIELD_ERRORS = 50;

/** Longest URL answered (414 beyond): below Node's 16 kB header limit, so a long URL gets its own status. */
export const MAX_URL_LENGTH = 8192;

function problemBody(code: ErrorCode, detail: string, errors?: FieldError[]): string {
  return JSON.stringify({
    type: `https://chufei.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    code,
    detail,
    ...(errors && errors.length
      ? { errors: errors.slice(0, MAX_FIELD_ERRORS), errorCount: errors.length }
      : {}),
  });
}

export function sendProblem(res: Response, code: ErrorCode, detail: string, errors?: FieldError[]): void {
  res
    .status(ERROR_STATUS[code])
    .type('application/problem+json')
    .send(problemBody(code, detail, errors));
}

/**
 * Errors the HTTP machinery raises before a route runs (body-parser, the router's parameter decoding,
 * http-errors in general) carry a 4xx status and a type; each becomes its problem. Anything else is ours.
 */
function httpProblem(err: unknown): { code: ErrorCode; detail: string } | null {
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  switch (e?.type) {
    case 'entity.too.large':
      return { code: 'PAYLOAD_TOO_LARGE', detail: '请求体超过上限' };
    case 'entity.parse.failed':
      return { code: 'VALIDATION_FAILED', detail: '请求体不是有效的 JSON' };
    case 'charset.unsupported':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', detail: '请求体的字符集只能是 UTF-8' };
    case 'encoding.unsupported':
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        detail: 'Content-Encoding 只能是 gzip、deflate、br 或 identity',
      };
  }
  if (status === 413) return { code: 'PAYLOAD_TOO_LARGE', detail: '请求体超过上限' };
  if (status === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', detail: '不支持的内容类型或编码' };
  // A body that does not inflate, a body shorter than its Content-Length, a broken percent-encoding in the path.
  return { code: 'VALIDATION_FAILED', detail: '请求格式无效（编码、长度或地址）' };
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
    const http = httpProblem(err);
    if (http) return sendProblem(res, http.code, http.detail);
    const domain = domainErrorOf(err);
    if (domain) return sendProblem(res, domain.code, domain.message, domain.errors);
    log.error(
      { err, requestId: res.getHeader('x-request-id'), path: loggedPath(req.path) },
      'unhandled error',
    );
    return sendProblem(res, 'INTERNAL', `内部错误，请求编号 ${String(res.getHeader('x-request-id'))}`);
  };
}

/**
 * Requests Node's parser refuses never reach Express; by default it answers them with an empty 431 (a URL
 * over 16 kB included, since the request line counts as header). Here they get a problem too: 414 when the
 * request line itself did not fit, 431 for the headers, 400 for anything else malformed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && !err.rawPacket)) return void socket.destroy();
    let code: ErrorCode = 'VALIDATION_FAILED';
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      const raw = err.rawPacket?.toString('latin1') ?? '';
      const requestLine = raw.indexOf('\r\n');
      code = requestLine === -1 || requestLine > MAX_URL_LENGTH ? 'URI_TOO_LONG' : 'HEADERS_TOO_LARGE';
    }
    const body = problemBody(code, TITLES[code]);
    socket.end(
      `HTTP/1.1 ${ERROR_STATUS[code]} ${STATUS_CODES[ERROR_STATUS[code]]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}

/** The path as logs show it: a tip's receipt is the reporter's secret, so its route is named instead. */
export const loggedPath = (path: string): string =>
  path.startsWith('/api/public/tips/') ? '/api/public/tips/:receipt' : path;
